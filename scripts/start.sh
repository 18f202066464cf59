#!/usr/bin/env bash
# `npm start`, `npm run demo` and the e2e servers: the production server exactly as the image
# runs it — Next's standalone server.js, with .next/static and public beside it — but with this
# shell's environment (KUBECONFIG or ~/.kube/config, exec credential plugins, HOME), so it serves
# your own clusters. (`next start` does not work with output: 'standalone' and says so.)
# For the hermetic, pod-like run (uid 10001, env -i, copied kubeconfig) see deploy/run-standalone.sh.
# Environment: HOST (127.0.0.1), PORT (3000), and everything the console reads (README "Configuration").
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app=$repo/.next/standalone
if [[ ! -f "$app/server.js" || ! -f "$repo/.next/BUILD_ID" ]]; then
  echo "start: no production build in $repo/.next — run 'npm run build' first" >&2
  exit 1
fi

# Lay out static files and public/ as the Dockerfile does, once per build. Several servers may
# start at once (e2e starts two), hence the lock; the marker names the build that was laid out.
(
  flock 9
  build_id=$(cat "$repo/.next/BUILD_ID")
  if [[ "$(cat "$app/.layout-build-id" 2>/dev/null || true)" != "$build_id" ]]; then
    rm -rf "$app/.next/static" "$app/public"
    mkdir -p "$app/.next"
    cp -a "$repo/.next/static" "$app/.next/static"
    if [[ -d "$repo/public" ]]; then cp -a "$repo/public" "$app/public"; fi
    echo "$build_id" >"$app/.layout-build-id"
  fi
) 9>"$repo/.next/.standalone-layout.lock"

# The image's heap settings (Dockerfile CMD; why: deploy/run-standalone.sh). bash sets HOSTNAME
# itself, so the bind address comes from HOST only.
# shellcheck disable=SC2206 # word splitting of the override is the point
node_flags=(${EVERYNODE_NODE_FLAGS:---min-semi-space-size=4 --max-semi-space-size=4 --heap-growing-percent=30 --no-memory-reducer})
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=${PORT:-3000} HOSTNAME=${HOST:-127.0.0.1}
exec node "${node_flags[@]}" "$app/server.js"
