#!/usr/bin/env bash
# Seeds the demo scenario (npm run cluster:seed): cluster/scenarios/seed.yaml server-side applied to
# the local cluster (started if needed), the pending OnDelete change applied once the pods exist,
# then a rolling restart of the slow-ready agent so a rollout is visibly in progress.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

cluster_ready || bash "$here/up.sh"
cd "$here/.."
npx tsx cluster/seed.ts "$here/scenarios/seed.yaml"
k() { "$KUBECTL" --kubeconfig "$CLUSTER_KUBECONFIG" "$@" 2> >(grep -v '^WARNING: version difference' >&2); }
k rollout restart daemonset/otel-agent -n observability
sleep 2
k get daemonsets -A
echo "kubeconfig: $CLUSTER_KUBECONFIG"
