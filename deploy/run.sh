#!/usr/bin/env bash
# One distributed chatload run on Kubernetes, from scenario to verdict. Kubernetes has no Job
# dependencies and kustomize computes nothing, so this script does the ordering: it renders the
# manifests with the run's ConfigMap, applies them (both Jobs suspended), waits for the mock,
# writes the shared start time, resumes the shards, waits for them, resumes the merge, and exits
# with the merge's exit code: the whole pipeline's verdict. See deploy/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

usage() {
  cat <<'EOF'
Usage: deploy/run.sh --scenario FILE --shards N [options]

Runs one sharded chatload run (or sim) on the cluster of the current kubectl context and exits
with the merge's exit code.

Required:
  --scenario FILE       scenario YAML; shipped to the pods in the ConfigMap chatload-run
  --shards N            number of shards: the Indexed Job's completions = parallelism = N

Options:
  --kustomize DIR       manifests to run (default: deploy/k8s/overlays/example;
                        deploy/k8s/overlays/example-sim for a sharded sim)
  --namespace NS        namespace (default: chatload)
  --run-id ID           results go to /results/ID on the results volume
                        (default: run-<UTC date>-<time>)
  --lead DURATION       start barrier = the moment the mock is ready + DURATION (default: 60s);
                        every shard pod must have started by then
  --timeout DURATION    longest wait for the shards (default: 1h)
  --merge-timeout DURATION
                        longest wait for the merge (default: 15m)
  --mock-config FILE    the mock's settings (default: the scenario itself when it has a
                        top-level `mock:` block, so the platform is the scenario's; else defaults)
  --threshold EXPR      judged by the merge on the merged result (repeatable)
  --baseline DIR        compare the merged result with DIR (a path on the results volume)
  --max-regression P    tolerance for --baseline, e.g. 10%
  --junit FILE          JUnit report of the comparison (a path on the results volume)
  --allow-missing       merge whatever shards completed; the result says which are absent
  --print               print the manifests this run would apply and stop (no cluster needed)
  -h, --help            this help

DURATION: N, Ns, Nm or Nh.

Exit codes: the merge's (0 passed, 99 a threshold failed, 4 regression, 2 shards that do not
belong together); a failed shard's (2 bad input, 3 target unreachable, 5 start barrier missed);
2 bad usage of this script; 1 a cluster-side failure (kubectl error, a shard without an exit
code); 124 a wait passed --timeout / --merge-timeout (the Jobs are left for inspection).
EOF
}

fail_usage() {
  echo "run.sh: $1" >&2
  echo "Try: deploy/run.sh --help" >&2
  exit 2
}

fail() {
  echo "run.sh: $1" >&2
  exit "${2:-1}"
}

# "90", "90s", "5m", "1h" -> seconds.
to_seconds() {
  [[ $1 =~ ^([0-9]+)([smh]?)$ ]] || return 1
  local n=$((10#${BASH_REMATCH[1]}))
  case ${BASH_REMATCH[2]} in
    h) echo $((n * 3600)) ;;
    m) echo $((n * 60)) ;;
    *) echo "$n" ;;
  esac
}

seconds_of() {
  to_seconds "$2" 2>/dev/null || fail_usage "$1 expects a duration such as 90s, 5m or 1h, got '$2'"
}

# ISO-8601 UTC of an epoch second, with GNU date or BSD date.
iso_utc() {
  date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ
}

# kustomize refuses absolute paths to a base: reach it from $1 by going up to / and back down.
path_from() {
  local from=$1 target=$2 up=''
  while [ "$from" != / ]; do
    up="../$up"
    from=$(dirname "$from")
  done
  printf '%s%s\n' "$up" "${target#/}"
}

# A double-quoted YAML scalar: thresholds hold characters ([ ] , * < %) that plain YAML misreads.
yaml_quote() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

exit_meaning() {
  case $1 in
    0) echo 'passed' ;;
    1) echo 'internal error' ;;
    2) echo 'bad input' ;;
    3) echo 'target unreachable' ;;
    4) echo 'regression against the baseline' ;;
    5) echo 'start barrier missed (raise --lead)' ;;
    99) echo 'a threshold failed' ;;
    130) echo 'interrupted' ;;
    137 | 143) echo 'killed (the Job was failed by another shard, or out of memory)' ;;
    *) echo 'unexpected exit code' ;;
  esac
}

scenario='' shards='' kdir="$here/k8s/overlays/example" namespace=chatload
run_id="run-$(date -u +%Y%m%d-%H%M%S)" lead=60 timeout=3600 merge_timeout=900
mock_config='' print_only=false
merge_options=()

need_value() {
  [ "$2" -ge 2 ] || fail_usage "$1 needs a value"
}

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --scenario) need_value "$1" $#; scenario=$2; shift 2 ;;
    --shards) need_value "$1" $#; shards=$2; shift 2 ;;
    --kustomize) need_value "$1" $#; kdir=$2; shift 2 ;;
    --namespace) need_value "$1" $#; namespace=$2; shift 2 ;;
    --run-id) need_value "$1" $#; run_id=$2; shift 2 ;;
    --lead) need_value "$1" $#; lead=$(seconds_of "$1" "$2"); shift 2 ;;
    --timeout) need_value "$1" $#; timeout=$(seconds_of "$1" "$2"); shift 2 ;;
    --merge-timeout) need_value "$1" $#; merge_timeout=$(seconds_of "$1" "$2"); shift 2 ;;
    --mock-config) need_value "$1" $#; mock_config=$2; shift 2 ;;
    --threshold | --baseline | --max-regression | --junit)
      need_value "$1" $#; merge_options+=("$1" "$2"); shift 2 ;;
    --allow-missing) merge_options+=("$1"); shift ;;
    --print) print_only=true; shift ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
done

[ -n "$scenario" ] || fail_usage '--scenario FILE is required'
[ -f "$scenario" ] || fail_usage "scenario $scenario: no such file"
[ -n "$shards" ] || fail_usage '--shards N is required'
case $shards in *[!0-9]* | 0*) fail_usage "--shards expects a whole number ≥ 1, got '$shards'" ;; esac
[ -f "$kdir/kustomization.yaml" ] || fail_usage "--kustomize $kdir: no kustomization.yaml there"
[ -z "$mock_config" ] || [ -f "$mock_config" ] || fail_usage "mock config $mock_config: no such file"
case $run_id in *[!a-zA-Z0-9._-]* | '' | [.-]*) fail_usage "--run-id allows letters, digits, . _ - (got '$run_id')" ;; esac
case $namespace in *[!a-z0-9-]* | '' | -* | *-) fail_usage "--namespace must be a DNS label (got '$namespace')" ;; esac
command -v kubectl >/dev/null 2>&1 || fail 'kubectl not found on PATH (it also builds the kustomization)'

work=$(mktemp -d)
work=$(cd "$work" && pwd -P)
trap 'rm -rf "$work"' EXIT
kdir=$(cd "$kdir" && pwd -P)

# ---- render: the chosen manifests plus this run's ConfigMap and shard count -------------------
cp "$scenario" "$work/scenario.yaml"
if [ -n "$mock_config" ]; then
  cp "$mock_config" "$work/mock.yaml"
elif grep -q '^mock:' "$scenario"; then
  cp "$scenario" "$work/mock.yaml"
else
  echo '{} # the scenario has no mock: block, so the mock runs with the defaults it assumes' >"$work/mock.yaml"
fi

{
  echo '- op: replace'
  echo '  path: /spec/template/spec/containers/0/args'
  echo '  value:'
  echo '    - merge'
  for ((i = 0; i < shards; i++)); do echo "    - /results/\$(CHATLOAD_RUN_ID)/shard-$i"; done
  echo '    - --out'
  echo "    - /results/\$(CHATLOAD_RUN_ID)/merged"
  for option in ${merge_options[@]+"${merge_options[@]}"}; do echo "    - $(yaml_quote "$option")"; done
} >"$work/merge-args.yaml"

cat >"$work/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: $namespace
resources:
  - $(path_from "$work" "$kdir")
# The name gets a hash of the content: the mock's pod template changes with it, so every run
# starts on a fresh platform, configured by this scenario.
configMapGenerator:
  - name: chatload-run
    files:
      - scenario.yaml
      - mock.yaml
    literals:
      - shard-count=$shards
      - run-id=$run_id
patches:
  - target:
      group: batch
      version: v1
      kind: Job
      name: chatload-shards
    patch: |-
      - op: replace
        path: /spec/completions
        value: $shards
      - op: replace
        path: /spec/parallelism
        value: $shards
  - target:
      group: batch
      version: v1
      kind: Job
      name: chatload-merge
    path: merge-args.yaml
EOF

kubectl kustomize "$work" >"$work/rendered.yaml" || fail "kubectl kustomize $kdir failed"
live=false
grep -q 'name: chatload-start$' "$work/rendered.yaml" && live=true
has_mock=false
grep -q '^  name: chatload-mock$' "$work/rendered.yaml" && has_mock=true

start_config() {
  kubectl create configmap chatload-start --namespace "$namespace" \
    --from-literal=start-at="$(iso_utc $(($(date +%s) + lead)))" --dry-run=client -o yaml
}

if [ "$print_only" = true ]; then
  cat "$work/rendered.yaml"
  if [ "$live" = true ]; then
    echo '---'
    start_config
  fi
  exit 0
fi

# ---- on the cluster --------------------------------------------------------------------------
k() { kubectl --namespace "$namespace" "$@"; }

# Waits for a Job: 0 complete, 1 failed, 124 past the timeout. `kubectl wait` takes one
# condition, so it waits for Complete in short slices and the Failed condition is read between.
wait_job() {
  local job=$1 deadline=$(($(date +%s) + $2)) failed
  while :; do
    k wait --for=condition=complete "job/$job" --timeout=10s >/dev/null 2>&1 && return 0
    failed=$(k get job "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}') ||
      fail "cannot read job/$job"
    [ "$failed" = True ] && return 1
    [ "$(date +%s)" -lt "$deadline" ] || return 124
  done
}

# "index exit-code" per shard pod that terminated; the index is the Job's annotation.
shard_exits() {
  k get pods -l batch.kubernetes.io/job-name=chatload-shards -o \
    jsonpath='{range .items[*]}{.metadata.annotations.batch\.kubernetes\.io/job-completion-index}{" "}{.status.containerStatuses[0].state.terminated.exitCode}{"\n"}{end}'
}

k get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace" >/dev/null
if grep -q 'name: chatload-admin$' "$work/rendered.yaml" && ! k get secret chatload-admin >/dev/null 2>&1; then
  # A random admin token for the mock's /_sim/ routes, made once per namespace; never in git.
  k create secret generic chatload-admin --from-literal=token="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" >/dev/null
  echo "run.sh: created secret chatload-admin (the mock's admin token)"
fi

# Jobs are immutable: the previous run's go (its results stay on the volume). One run at a
# time per namespace: two runs against one mock would each measure the other's load.
k delete job chatload-shards chatload-merge --ignore-not-found --cascade=foreground --wait=true >/dev/null
k delete configmap chatload-start --ignore-not-found >/dev/null
k apply -f "$work/rendered.yaml"
# An API server without backoffLimitPerIndex (Kubernetes < 1.29, or its feature gate off) drops
# the field silently, and a failed shard would then be replayed: refuse before any load.
if [ "$(k get job chatload-shards -o jsonpath='{.spec.backoffLimitPerIndex}')" != 0 ]; then
  fail 'the cluster dropped spec.backoffLimitPerIndex from the shard Job (needs Kubernetes ≥ 1.29): a failed shard would be replayed, so nothing was started'
fi

if [ "$has_mock" = true ]; then
  echo "run.sh: waiting for the mock platform"
  k rollout status deployment/chatload-mock --timeout=600s
fi
if [ "$live" = true ]; then
  start_config | k apply -f - >/dev/null
  echo "run.sh: start barrier $(k get configmap chatload-start -o jsonpath='{.data.start-at}') (lead ${lead}s)"
fi

echo "run.sh: run $run_id, $shards shards"
k patch job chatload-shards --type=merge -p '{"spec":{"suspend":false}}' >/dev/null
status=0
wait_job chatload-shards "$timeout" || status=$?
if [ "$status" -eq 124 ]; then
  fail "the shards did not finish within ${timeout}s; see: kubectl -n $namespace get pods -l batch.kubernetes.io/job-name=chatload-shards" 124
fi
if [ "$status" -ne 0 ]; then
  echo "run.sh: the shard Job failed (failed indexes: $(k get job chatload-shards -o jsonpath='{.status.failedIndexes}'))" >&2
  # The verdict is the first failed shard's own code; a shard killed because another failed
  # (137/143) or one that left no code says less, so it is only the fallback (1).
  verdict='' thresholds_only=unknown
  while read -r index code; do
    [ -n "$index" ] || continue
    echo "  shard $index: exit ${code:-none} ($(exit_meaning "${code:-none}"))" >&2
    case ${code:-none} in
      0) ;;
      99) [ "$thresholds_only" = false ] || thresholds_only=true ;;
      137 | 143 | none) thresholds_only=false ;;
      *) thresholds_only=false; [ -n "$verdict" ] || verdict=$code ;;
    esac
  done < <(shard_exits | sort -n)
  if [ "$thresholds_only" = true ]; then
    # Every shard wrote its results; thresholds belong to the merged result, judged by the merge.
    echo "run.sh: the shards failed only on their own thresholds; merging to judge the whole run" >&2
  else
    fail "no merge: a shard failed; logs: kubectl -n $namespace logs -l batch.kubernetes.io/job-name=chatload-shards --tail=20" "${verdict:-1}"
  fi
fi

echo "run.sh: shards complete; merging"
k patch job chatload-merge --type=merge -p '{"spec":{"suspend":false}}' >/dev/null
status=0
wait_job chatload-merge "$merge_timeout" || status=$?
[ "$status" -ne 124 ] || fail "the merge did not finish within ${merge_timeout}s" 124
k logs job/chatload-merge || true
code=$(k get pods -l batch.kubernetes.io/job-name=chatload-merge \
  -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
[ -n "$code" ] || fail 'the merge pod ended without an exit code'
echo "run.sh: merged result in volume chatload-results at /results/$run_id/merged; verdict: exit $code ($(exit_meaning "$code"))"
exit "$code"
