# syntax=docker/dockerfile:1.7
# Everynode container image. Three stages: dependencies, build, runtime.
# The runtime stage holds only Next's standalone output (server.js + the traced node_modules),
# the static assets and public/ — no npm, no sources, no dev dependencies.
# deploy/run-standalone.sh reproduces the runtime stage without Docker (same layout, same
# command, same environment); the integration test deploy.test.ts runs the server that way.

ARG NODE_IMAGE=node:20-bookworm-slim

# ── deps: install exactly what package-lock.json pins ─────────────────────────────────────────
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ── build: next build with output: 'standalone' (see next.config.js) ───────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
# public/ may be absent from the sources (no tracked files); the runtime stage copies it either way.
RUN mkdir -p public && npm run build

# ── runtime: node server.js as an unprivileged user ────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# The root filesystem is read-only in the Deployment; HOME and the temp dir live on an emptyDir
# mounted at /tmp, so nothing tries to write under / or /app.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    HOME=/tmp \
    TMPDIR=/tmp
# A fixed, unprivileged uid/gid that matches runAsUser/runAsGroup in deploy/base/deployment.yaml.
RUN groupadd --system --gid 10001 everynode \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin everynode
# Layout Next expects next to server.js: .next/static and public/ are not part of the trace.
COPY --from=build --chown=root:root /src/.next/standalone ./
COPY --from=build --chown=root:root /src/.next/static ./.next/static
COPY --from=build --chown=root:root /src/public ./public
# Mount point for the writable Next cache (an emptyDir in Kubernetes).
RUN mkdir -p /app/.next/cache && chown 10001:10001 /app/.next/cache
# Files stay root-owned and read-only for the app user; only /tmp and /app/.next/cache are
# writable, and in Kubernetes those are emptyDir volumes.
USER 10001:10001
EXPOSE 3000
# A steady heap under bursty watch traffic (why: deploy/run-standalone.sh; figures: README "Benchmarks").
CMD ["node", "--min-semi-space-size=4", "--max-semi-space-size=4", "--heap-growing-percent=30", "--no-memory-reducer", "server.js"]
