#!/usr/bin/env bash
# The Kubernetes pipeline on one machine: the shard pod's command started N times, as the Indexed
# Job starts it (JOB_COMPLETION_INDEX=0..N-1, CHATLOAD_SHARD_COUNT=N, no --shard flag), all at
# once, then `chatload merge` on their result directories. The exit code is the merge's, as for
# deploy/run.sh. For tests and for trying a sharded run without a cluster. See deploy/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
bin=${CHATLOAD_BIN:-$here/../dist/cli/bin.js}

usage() {
  cat <<'EOF'
Usage: deploy/local-shards.sh [options] N SCENARIO OUT_DIR [-- MERGE_OPTIONS...]

Runs N shards of SCENARIO in parallel (OUT_DIR/shard-<i>, output in OUT_DIR/shard-<i>.log), then
merges them into OUT_DIR/merged and exits with the merge's exit code.

  (default)             sharded sim: `chatload sim SCENARIO --out OUT_DIR/shard-<i>`
  --target URL          live shards against one running mock (`chatload serve`) or system:
                        `chatload run SCENARIO --target URL --start-at T --out … --no-progress`
  --lead SECONDS        live: the shared start T = now + SECONDS (default: 5)
  --print               print the commands instead of running them
  -h, --help            this help

MERGE_OPTIONS go to `chatload merge` (e.g. --threshold 'send.p99<250ms').
CHATLOAD_BIN: the chatload entry point to run with node (default: dist/cli/bin.js).
The Job's shard pods also pass --metrics-port 9464; N processes on one host cannot share a
port, so these do not.
EOF
}

fail_usage() {
  echo "local-shards.sh: $1" >&2
  echo "Try: deploy/local-shards.sh --help" >&2
  exit 2
}

iso_utc() {
  date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ
}

target='' lead=5 print_only=false
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --target) [ $# -ge 2 ] || fail_usage '--target needs a URL'; target=$2; shift 2 ;;
    --lead) [ $# -ge 2 ] || fail_usage '--lead needs a value'; lead=$2; shift 2 ;;
    --print) print_only=true; shift ;;
    --) break ;;
    -*) fail_usage "unknown option '$1'" ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] || fail_usage 'expected N SCENARIO OUT_DIR'
shards=$1 scenario=$2 out=$3
shift 3
if [ $# -gt 0 ]; then
  [ "$1" = -- ] || fail_usage "unexpected '$1' (merge options go after --)"
  shift
fi
case $shards in *[!0-9]* | '' | 0*) fail_usage "N expects a whole number ≥ 1, got '$shards'" ;; esac
case $lead in *[!0-9]* | '') fail_usage "--lead expects whole seconds, got '$lead'" ;; esac
[ -f "$scenario" ] || fail_usage "scenario $scenario: no such file"
[ "$print_only" = true ] || [ -f "$bin" ] || fail_usage "$bin not found: run npm run build, or set CHATLOAD_BIN"

# The shard pod's args (deploy/k8s/base/shards-job.yaml; components/sim for the sim).
shard_args() {
  if [ -n "$target" ]; then
    printf '%s\n' run "$scenario" --target "$target" --start-at "$start_at" --out "$out/shard-$1" --no-progress
  else
    printf '%s\n' sim "$scenario" --out "$out/shard-$1"
  fi
}

start_at=$(iso_utc $(($(date +%s) + lead)))
merge_args=(merge)
for ((i = 0; i < shards; i++)); do merge_args+=("$out/shard-$i"); done
merge_args+=(--out "$out/merged" "$@")

if [ "$print_only" = true ]; then
  for ((i = 0; i < shards; i++)); do
    mapfile -t args < <(shard_args "$i")
    echo "JOB_COMPLETION_INDEX=$i CHATLOAD_SHARD_COUNT=$shards chatload$(printf ' %q' "${args[@]}")"
  done
  echo "chatload$(printf ' %q' "${merge_args[@]}")"
  exit 0
fi

mkdir -p "$out"
pids=()
for ((i = 0; i < shards; i++)); do
  mapfile -t args < <(shard_args "$i")
  JOB_COMPLETION_INDEX=$i CHATLOAD_SHARD_COUNT=$shards node "$bin" "${args[@]}" >"$out/shard-$i.log" 2>&1 &
  pids+=("$!")
done

# As deploy/run.sh: a shard that failed on its own thresholds (99) still wrote its results and
# the merge judges the whole; any other failure stops here with the first failed shard's code.
verdict=''
for ((i = 0; i < shards; i++)); do
  code=0
  wait "${pids[$i]}" || code=$?
  case $code in
    0) ;;
    99) echo "local-shards.sh: shard $i exited 99 (its own thresholds); the merge judges the whole" >&2 ;;
    *)
      echo "local-shards.sh: shard $i exited $code; its output ($out/shard-$i.log) ends:" >&2
      tail -n 20 "$out/shard-$i.log" >&2
      [ -n "$verdict" ] || verdict=$code
      ;;
  esac
done
[ -z "$verdict" ] || exit "$verdict"

code=0
node "$bin" "${merge_args[@]}" || code=$?
exit "$code"
