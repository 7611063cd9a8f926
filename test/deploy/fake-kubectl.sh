#!/usr/bin/env bash
# A stand-in for kubectl talking to a cluster, for testing deploy/run.sh's ordering and verdicts
# without one. Offline verbs (kustomize, create … --dry-run=client) go to the real kubectl.
# Every call is appended to $FAKE_LOG (one line: the arguments; stdin of `apply -f -` follows).
#   FAKE_SHARDS   complete | failed   how the shard Job ends
#   FAKE_SHARD_EXITS                  "index code" lines for the shard pods (when failed)
#   FAKE_MERGE_EXIT                   the merge pod's exit code
#   FAKE_PER_INDEX                    what the API server kept of backoffLimitPerIndex (default 0)
set -euo pipefail

echo "$*" >>"$FAKE_LOG"
args=("$@")
[ "${args[0]}" = --namespace ] && args=("${args[@]:2}")

case "${args[*]}" in
  kustomize* | *--dry-run=client*) exec "$REAL_KUBECTL" "$@" ;;
  'apply -f -') cat >>"$FAKE_LOG" ;;
  'wait --for=condition=complete job/chatload-shards'*) [ "$FAKE_SHARDS" = complete ] ;;
  'wait --for=condition=complete job/chatload-merge'*) [ "$FAKE_MERGE_EXIT" = 0 ] ;;
  'get job chatload-shards -o jsonpath={.status.conditions[?(@.type=="Failed")].status}') echo True ;;
  'get job chatload-merge -o jsonpath={.status.conditions[?(@.type=="Failed")].status}') echo True ;;
  'get job chatload-shards -o jsonpath={.status.failedIndexes}') echo 1 ;;
  'get job chatload-shards -o jsonpath={.spec.backoffLimitPerIndex}') printf '%s' "${FAKE_PER_INDEX-0}" ;;
  'get pods -l batch.kubernetes.io/job-name=chatload-shards'*) printf '%b' "$FAKE_SHARD_EXITS" ;;
  'get pods -l batch.kubernetes.io/job-name=chatload-merge'*) printf '%s' "$FAKE_MERGE_EXIT" ;;
  'get configmap chatload-start'*) echo 2030-01-01T00:00:00Z ;;
  'get secret chatload-admin') exit 1 ;;
  'logs job/chatload-merge') echo 'merged: 4 shards' ;;
  *) ;;
esac
