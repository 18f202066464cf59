# Shared settings of the local cluster scripts; sourced, never run.
# EVERYNODE_CLUSTER picks the cluster (default "everynode"); everything lives under the cache.
. "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
CLUSTER_NAME="${EVERYNODE_CLUSTER:-everynode}"
# kwokctl keeps clusters in $KWOK_WORKDIR/clusters/<name>: pki, etcd data, logs, pids, config.
export KWOK_WORKDIR="$EVERYNODE_CACHE"
CLUSTER_DIR="$KWOK_WORKDIR/clusters/$CLUSTER_NAME"
# A stable kubeconfig path for scripts and tests (rewritten by up.sh; ~/.kube/config is never touched).
CLUSTER_KUBECONFIG="$EVERYNODE_CACHE/$CLUSTER_NAME.kubeconfig"
KUBECTL="${KUBECTL:-/usr/bin/kubectl}"
CLUSTER_BINARIES="kube-apiserver kube-controller-manager kube-scheduler etcd kwok kwokctl"

# fd 9 is the scripts' lock: closed here so the long-running components never inherit (and hold) it.
kwokctl() { "$CLUSTER_BIN/kwokctl" --name "$CLUSTER_NAME" "$@" 9>&-; }

# Serialises up/down of one cluster across processes.
lock_cluster() {
  mkdir -p "$EVERYNODE_CACHE"
  exec 9>"$EVERYNODE_CACHE/.$CLUSTER_NAME.scripts.lock"
  flock 9
}

# True when the API server answers /readyz through the stable kubeconfig.
cluster_ready() {
  [ -s "$CLUSTER_KUBECONFIG" ] && "$KUBECTL" --kubeconfig "$CLUSTER_KUBECONFIG" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}
