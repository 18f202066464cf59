#!/usr/bin/env bash
# Deletes the local cluster (npm run cluster:down): stops its processes and removes its data.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

lock_cluster

if [ ! -f "$CLUSTER_DIR/kwok.yaml" ] || [ ! -x "$CLUSTER_BIN/kwokctl" ]; then
  echo "Cluster '$CLUSTER_NAME' is not running: nothing to do"
  rm -f "$CLUSTER_KUBECONFIG"
  exit 0
fi
# kwokctl removes its context from the kubeconfig it is given: ours (deleted next), never ~/.kube/config.
log="$EVERYNODE_CACHE/$CLUSTER_NAME.down.log"
kwokctl delete cluster --kubeconfig "$CLUSTER_KUBECONFIG" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$CLUSTER_KUBECONFIG" "$log" "$EVERYNODE_CACHE/$CLUSTER_NAME.up.log"
echo "Cluster '$CLUSTER_NAME' deleted"
