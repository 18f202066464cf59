#!/usr/bin/env bash
# Prints the local cluster's kubeconfig path (the file exists once cluster/up.sh has run).
set -euo pipefail
. "$(dirname "$0")/env.sh"
echo "$CLUSTER_KUBECONFIG"
