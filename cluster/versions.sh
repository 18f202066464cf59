# Versions of the local control plane; sourced by the cluster scripts. Keep in step with cluster/build/*/go.mod.
KUBE_VERSION=v1.36.3
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
EVERYNODE_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/everynode"
CLUSTER_BIN="$EVERYNODE_CACHE/k8s-$KUBE_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
