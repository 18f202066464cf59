import 'server-only';
import { createServer, type Server } from 'node:http';
import { logger } from '@/lib/log';
import { metrics } from './metrics';

/**
 * With EVERYNODE_METRICS_PORT set, Prometheus metrics are served on that port only (all
 * interfaces unless EVERYNODE_METRICS_HOST says otherwise) and the app port's /metrics answers
 * 404. Behind the auth proxy the app port is public through the proxy, and the metrics name the
 * inventory (contexts, namespaces, DaemonSets): a port the proxy does not forward keeps them
 * inside the cluster network.
 */
export function metricsPort(): number | undefined {
  const raw = process.env.EVERYNODE_METRICS_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

const slot = globalThis as typeof globalThis & { __everynodeMetricsServer?: Server };

/** Starts the metrics listener once per process (instrumentation.ts calls it at startup). */
export function startMetricsServer(): void {
  const port = metricsPort();
  if (port === undefined || slot.__everynodeMetricsServer) return;
  const host = process.env.EVERYNODE_METRICS_HOST?.trim() || '0.0.0.0';
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served on this port\n');
      return;
    }
    const { registry } = metrics();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  server.on('error', (err) => logger.error({ err: { message: err.message }, port }, 'metrics port unavailable'));
  server.listen(port, host, () => logger.info({ port, host }, 'metrics served on a separate port'));
  server.unref();
  slot.__everynodeMetricsServer = server;
}
