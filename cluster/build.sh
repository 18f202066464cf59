#!/usr/bin/env bash
# Builds the local control plane from Go modules into a cache outside the repo:
# kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes), etcd, kwok, kwokctl.
# A warm run finds every binary in place and returns at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/versions.sh"

command -v go >/dev/null || { echo "cluster:build needs Go (https://go.dev/dl) on PATH" >&2; exit 1; }
mkdir -p "$CLUSTER_BIN"
start=$(date +%s)

elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# build NAME... -- MODULE_DIR LDFLAGS PACKAGE...: builds the packages unless every NAME exists already.
build() {
  local names=() dir ldflags
  while [ "$1" != "--" ]; do names+=("$1"); shift; done; shift
  dir="$1"; ldflags="$2"; shift 2
  local missing=0
  for n in "${names[@]}"; do [ -x "$CLUSTER_BIN/$n" ] || missing=1; done
  if [ $missing = 0 ]; then echo "  ✓ ${names[*]} (cached)"; return; fi
  local t0; t0=$(date +%s)
  echo "  … building ${names[*]} (a cold build takes many minutes on 2 cores)"
  ( while sleep 30; do echo "    still building ${names[*]}: $(elapsed "$t0")"; done ) &
  local ticker=$!
  local tmp="$CLUSTER_BIN/.tmp-$$" out
  mkdir -p "$tmp"
  # One package: name the binary ourselves (a module root like go.etcd.io/etcd/server/v3 would become "server").
  if [ ${#names[@]} = 1 ]; then out="$tmp/${names[0]}"; else out="$tmp/"; fi
  if ! (cd "$here/build/$dir" && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "-s -w $ldflags" -o "$out" "$@"); then
    kill $ticker 2>/dev/null; rm -rf "$tmp"; echo "  ✗ build of ${names[*]} failed" >&2; exit 1
  fi
  kill $ticker 2>/dev/null || true
  mv "$tmp"/* "$CLUSTER_BIN/" && rmdir "$tmp"
  echo "  ✓ ${names[*]} built in $(elapsed "$t0")"
}

echo "Building the local control plane into $CLUSTER_BIN"
kv="${KUBE_VERSION#v}"; major="${kv%%.*}"; minor="${kv#*.}"; minor="${minor%%.*}"
kube_ld=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ld+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
  kube_ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
build kube-apiserver kube-controller-manager kube-scheduler -- kube "$kube_ld" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
build etcd -- etcd "" go.etcd.io/etcd/server/v3
build kwok kwokctl -- kwok "-X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBE_VERSION#v}" \
  sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl
echo "Control plane ready in $(elapsed "$start"): $CLUSTER_BIN"
