#!/usr/bin/env bash
# Starts the local control plane (npm run cluster:up): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and kwok, all built from Go modules (cluster/build.sh) and bound to 127.0.0.1.
# Idempotent and safe to run from several processes at once: a running cluster is reused, a stopped
# one restarted, and one created with different kwok settings is recreated. Prints the kubeconfig path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

for b in $CLUSTER_BINARIES; do
  [ -x "$CLUSTER_BIN/$b" ] || { bash "$here/build.sh"; break; }
done

lock_cluster # one starter at a time; the others then find the cluster running

# What the cluster was created from; a change means the running cluster is stale.
fingerprint=$( { echo "$CLUSTER_BIN"; cat "$here/kwok/"*.yaml; } | sha256sum | cut -c1-16)
stamp="$CLUSTER_DIR/everynode.fingerprint"

write_kubeconfig() {
  local tmp="$CLUSTER_KUBECONFIG.tmp.$$"
  (umask 077 && kwokctl get kubeconfig >"$tmp") && mv "$tmp" "$CLUSTER_KUBECONFIG"
}

if [ -f "$CLUSTER_DIR/kwok.yaml" ]; then
  if [ "$(cat "$stamp" 2>/dev/null)" != "$fingerprint" ]; then
    echo "Cluster '$CLUSTER_NAME' was created with other kwok settings or binaries: recreating it"
    kwokctl delete cluster --kubeconfig "$CLUSTER_KUBECONFIG" >/dev/null
  else
    write_kubeconfig
    if cluster_ready; then
      echo "Cluster '$CLUSTER_NAME' is already running"
      echo "kubeconfig: $CLUSTER_KUBECONFIG"
      exit 0
    fi
    echo "Cluster '$CLUSTER_NAME' exists but is stopped: starting it"
  fi
fi

t0=$(date +%s)
echo "Starting cluster '$CLUSTER_NAME' (Kubernetes $KUBE_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION)"
log="$EVERYNODE_CACHE/$CLUSTER_NAME.up.log"
kwokctl create cluster \
  --runtime binary \
  --kubeconfig "" \
  --config "$here/kwok/kwokctl.yaml" \
  --config "$here/kwok/stages-node.yaml" \
  --config "$here/kwok/stages-pod.yaml" \
  --etcd-binary "$CLUSTER_BIN/etcd" \
  --kube-apiserver-binary "$CLUSTER_BIN/kube-apiserver" \
  --kube-controller-manager-binary "$CLUSTER_BIN/kube-controller-manager" \
  --kube-scheduler-binary "$CLUSTER_BIN/kube-scheduler" \
  --kwok-controller-binary "$CLUSTER_BIN/kwok" \
  --timeout 3m \
  --wait 2m >"$log" 2>&1 || { cat "$log" >&2; echo "kwokctl create cluster failed; logs: $CLUSTER_DIR/logs" >&2; exit 1; }
echo "$fingerprint" >"$stamp"
write_kubeconfig

# Ready means the API answers and the controller manager has created the default service account
# (pods cannot be admitted before it exists).
for _ in $(seq 1 120); do
  if cluster_ready && "$KUBECTL" --kubeconfig "$CLUSTER_KUBECONFIG" get serviceaccount default -n default >/dev/null 2>&1; then
    echo "Cluster '$CLUSTER_NAME' is ready in $(( $(date +%s) - t0 ))s"
    echo "kubeconfig: $CLUSTER_KUBECONFIG"
    exit 0
  fi
  sleep 1
done
echo "Cluster '$CLUSTER_NAME' did not become ready; logs: $CLUSTER_DIR/logs" >&2
exit 1
