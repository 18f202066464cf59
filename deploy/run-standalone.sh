#!/usr/bin/env bash
# Runs Everynode the way the container image does, without Docker:
#   same layout   /app = .next/standalone + .next/static + public (Dockerfile, runtime stage)
#   same command  node --min-semi-space-size=4 --max-semi-space-size=4 --heap-growing-percent=30 --no-memory-reducer server.js,
#                 from the app directory (EVERYNODE_NODE_FLAGS replaces the flags, for GC experiments)
#   same env      NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT HOSTNAME HOME=/tmp TMPDIR=/tmp,
#                 plus only the settings the Deployment passes (EVERYNODE_*, LOG_LEVEL, KUBECONFIG,
#                 NODE_OPTIONS, KUBERNETES_SERVICE_*); nothing else leaks in from this shell
#   same user     uid/gid 10001 when started as root; the app files stay root-owned, so the only
#                 writable places are the tmp dir and .next/cache, as with readOnlyRootFilesystem
#
# Usage:
#   deploy/run-standalone.sh                 lay out into a fresh temp dir, then run
#   deploy/run-standalone.sh layout DIR      only lay out into DIR (reused by later runs)
#   deploy/run-standalone.sh run DIR         run an existing layout
# Needs `npm run build` first (next.config.js has output: 'standalone').
# Environment: PORT (3000), HOSTNAME (0.0.0.0, as in the image), KUBECONFIG, EVERYNODE_*,
# LOG_LEVEL, NODE_OPTIONS. RUN_AS_CURRENT_USER=1 keeps the caller's uid.
# Credentials, either way:
#   KUBECONFIG=FILE[:FILE]   copied in, readable by uid 10001 (so it must embed its CA and
#                            credentials as *-data fields)
#   SERVICE_ACCOUNT_DIR=DIR  (root only) exactly as in a pod: DIR holds token, ca.crt, namespace;
#                            the server runs in a private mount namespace where DIR is mounted
#                            read-only at /var/run/secrets/kubernetes.io/serviceaccount, with
#                            KUBERNETES_SERVICE_HOST/PORT set and no kubeconfig anywhere, so the
#                            console takes the in-cluster path. Nothing changes outside that namespace.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app_uid=10001

layout() {
  local dir=$1
  local standalone="$repo/.next/standalone"
  if [[ ! -f "$standalone/server.js" ]]; then
    echo "run-standalone: no $standalone/server.js — run 'npm run build' first" >&2
    exit 1
  fi
  mkdir -p "$dir"
  rm -rf "$dir/app"
  mkdir -p "$dir/app/.next" "$dir/tmp" "$dir/secrets"
  cp -a "$standalone/." "$dir/app/"
  cp -a "$repo/.next/static" "$dir/app/.next/static"
  if [[ -d "$repo/public" ]]; then cp -a "$repo/public" "$dir/app/public"; else mkdir -p "$dir/app/public"; fi
  # Next's standalone trace may carry a build-time .env or cache; the image has neither.
  rm -rf "$dir/app/.next/cache" "$dir/app/.env"* 2>/dev/null || true
  mkdir -p "$dir/app/.next/cache"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R root:root "$dir/app"
    chmod -R go-w "$dir/app"
    chown "$app_uid:$app_uid" "$dir/app/.next/cache" "$dir/tmp" "$dir/secrets"
    chmod 0755 "$dir"
  fi
  echo "run-standalone: laid out $dir/app" >&2
}

run() {
  local dir=$1
  [[ -f "$dir/app/server.js" ]] || { echo "run-standalone: no layout in $dir (run: $0 layout $dir)" >&2; exit 1; }
  local drop=()
  if [[ $(id -u) -eq 0 && "${RUN_AS_CURRENT_USER:-}" != 1 ]]; then
    drop=(setpriv --reuid="$app_uid" --regid="$app_uid" --clear-groups --no-new-privs)
  fi

  if [[ ${#drop[@]} -gt 0 ]] && ! "${drop[@]}" test -r "$dir/app/server.js"; then
    echo "run-standalone: uid $app_uid cannot read $dir/app/server.js; make every parent directory of $dir searchable (chmod o+x)" >&2
    exit 1
  fi

  # Settings the Deployment passes through the ConfigMap and env, and nothing else.
  local pass=()
  local name
  for name in $(compgen -e); do
    case $name in
      EVERYNODE_* | LOG_LEVEL | NODE_OPTIONS | KUBERNETES_SERVICE_HOST | KUBERNETES_SERVICE_PORT) pass+=("$name=${!name}") ;;
    esac
  done

  # Kubeconfig files are copied next to the app like a mounted Secret, readable by the app user.
  if [[ -n "${KUBECONFIG:-}" && -z "${SERVICE_ACCOUNT_DIR:-}" ]]; then
    local files=() f i=0
    IFS=: read -r -a files <<<"$KUBECONFIG"
    local copied=()
    for f in "${files[@]}"; do
      [[ -f "$f" ]] || continue
      i=$((i + 1))
      install -m 0400 "$f" "$dir/secrets/kubeconfig-$i"
      [[ ${#drop[@]} -gt 0 ]] && chown "$app_uid:$app_uid" "$dir/secrets/kubeconfig-$i"
      copied+=("$dir/secrets/kubeconfig-$i")
    done
    pass+=("KUBECONFIG=$(IFS=:; echo "${copied[*]}")")
  fi

  # The pod's view of its ServiceAccount: a private /run with the token volume mounted read-only.
  local podfs=()
  if [[ -n "${SERVICE_ACCOUNT_DIR:-}" ]]; then
    [[ $(id -u) -eq 0 ]] || { echo "run-standalone: SERVICE_ACCOUNT_DIR needs root (mount namespace)" >&2; exit 1; }
    [[ -n "${KUBERNETES_SERVICE_HOST:-}" && -n "${KUBERNETES_SERVICE_PORT:-}" ]] || { echo "run-standalone: SERVICE_ACCOUNT_DIR needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT" >&2; exit 1; }
    rm -rf "$dir/serviceaccount" && mkdir -p "$dir/serviceaccount"
    install -m 0644 "$SERVICE_ACCOUNT_DIR/token" "$SERVICE_ACCOUNT_DIR/ca.crt" "$SERVICE_ACCOUNT_DIR/namespace" "$dir/serviceaccount/"
    podfs=(unshare --mount --propagation private -- bash -c '
      mount -t tmpfs -o mode=0755,size=1m tmpfs /run &&
      mkdir -p /run/secrets/kubernetes.io/serviceaccount &&
      mount --bind -o ro "$0" /run/secrets/kubernetes.io/serviceaccount &&
      exec "$@"' "$dir/serviceaccount")
  fi

  # As the Dockerfile's CMD: a steady heap under bursty watch traffic. Left to itself V8 resizes
  # the young generation with the allocation rate (1 ↔ 32 MB), grows the old generation by a
  # factor it picks from GC speed, and its memory reducer gives memory back whenever the churn
  # pauses, so RSS swings by ±13–21 % (bench soak). Fixed: a 2 × 4 MB young generation, an old
  # generation allowed to grow 30 % past what survived the last full GC, and no memory reducer
  # (the heap stays sized for the cluster, ±8 %; see README "Benchmarks").
  # shellcheck disable=SC2206 # word splitting of the override is the point
  local node_flags=(${EVERYNODE_NODE_FLAGS:---min-semi-space-size=4 --max-semi-space-size=4 --heap-growing-percent=30 --no-memory-reducer})

  # HOSTNAME only when the caller exported it (bash sets an unexported HOSTNAME of its own).
  local host
  host=$(printenv HOSTNAME || true)
  cd "$dir/app"
  exec env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT="${PORT:-3000}" \
    HOSTNAME="${host:-0.0.0.0}" \
    HOME="$dir/tmp" \
    TMPDIR="$dir/tmp" \
    "${pass[@]}" \
    "${podfs[@]}" "${drop[@]}" node "${node_flags[@]}" server.js
}

case ${1:-} in
  layout) layout "${2:?usage: $0 layout DIR}" ;;
  run) run "${2:?usage: $0 run DIR}" ;;
  "")
    dir=$(mktemp -d "${TMPDIR:-/tmp}/everynode-image.XXXXXX")
    layout "$dir"
    run "$dir"
    ;;
  *)
    echo "usage: $0 [layout DIR | run DIR]" >&2
    exit 2
    ;;
esac
