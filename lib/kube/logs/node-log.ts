import 'server-only';
import type { Readable } from 'node:stream';
import { fromKubeError } from '@/lib/errors';
import type { Identity } from '@/lib/kube/contexts';
import { limits, streamLifetimeMs } from '@/lib/kube/limits/config';
import { refusal } from '@/lib/kube/limits/refusal';
import { StreamGate } from '@/lib/kube/limits/stream-gate';
import type { NodeLogQuery } from './options';
import { logTarget } from './target';
import { openPodLog } from './upstream';

/** Bytes one node's log view reads at most: 100,000 lines of ~300 bytes. */
export const NODE_LOG_MAX_BYTES = 32 * 1024 * 1024;
/** kubectl's default when no tail is given would be the whole file; the viewer starts with this. */
export const DEFAULT_TAIL_LINES = 1000;

const slot = globalThis as typeof globalThis & { __everynodeLogFollowGate?: StreamGate };
/** Followed logs are live streams like SSE: capped the same way, but counted on their own. */
export const followGate = () => (slot.__everynodeLogFollowGate ??= new StreamGate());

/**
 * The agent's log on one node as text/plain, streamed as the API server sends it. The upstream
 * request is aborted when the browser goes away (request signal, or the body stream cancelled)
 * and, for follow, when the stream's lifetime is up. Errors before the first byte are answered
 * in words with the Kubernetes status; the body is never inspected, logged or quoted.
 */
export async function nodeLogResponse(
  request: Request,
  target: { ctx: string; node: string; namespace: string; name: string },
  q: NodeLogQuery,
  viewer: Identity | undefined,
  client: string | undefined,
): Promise<Response> {
  const t = await logTarget(target.ctx, target.node, target.namespace, target.name, q.container, viewer);
  const abort = new AbortController();
  const onClientGone = () => abort.abort();
  request.signal.addEventListener('abort', onClientGone, { once: true });
  let release = () => {};
  let lifetime: NodeJS.Timeout | undefined;
  if (q.follow) {
    const l = limits();
    const admission = followGate().admit(client ?? '', { maxStreams: l.sseMaxStreams, maxStreamsPerClient: client === undefined ? Infinity : l.sseMaxStreamsPerClient });
    if (!admission.ok) return refusal(admission.status, admission.code, admission.message.replace('live streams', 'followed logs'), admission.retryAfterSeconds);
    release = admission.release;
    lifetime = setTimeout(() => abort.abort(), streamLifetimeMs(l));
  }
  const cleanup = () => {
    request.signal.removeEventListener('abort', onClientGone);
    if (lifetime) clearTimeout(lifetime);
    release();
  };
  let upstream: Readable;
  try {
    ({ body: upstream } = await openPodLog(
      target.ctx,
      viewer,
      t.namespace,
      t.pod,
      {
        container: t.container,
        tailLines: q.tailLines ?? (q.sinceSeconds === undefined ? DEFAULT_TAIL_LINES : undefined),
        sinceSeconds: q.sinceSeconds,
        previous: q.previous,
        timestamps: q.timestamps,
        follow: q.follow,
        limitBytes: q.follow ? undefined : NODE_LOG_MAX_BYTES,
      },
      abort.signal,
    ));
  } catch (err) {
    cleanup();
    abort.abort();
    throw fromKubeError(err);
  }
  abort.signal.addEventListener('abort', () => upstream.destroy(), { once: true });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      upstream.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) upstream.pause();
      });
      const end = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already cancelled by the reader
        }
      };
      upstream.once('end', end);
      upstream.once('close', end);
      upstream.once('error', end);
    },
    pull() {
      upstream.resume();
    },
    cancel() {
      cleanup();
      abort.abort();
    },
  }, { highWaterMark: 64 });
  return new Response(body, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      'x-everynode-pod': t.pod,
      'x-everynode-container': t.container,
      'x-everynode-containers': t.containers.join(','),
    },
  });
}
