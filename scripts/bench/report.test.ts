import { describe, expect, it } from 'vitest';
import { latestFigures, renderMarkdown, thin, type BenchReport } from './report';
import type { ServerResult } from './sections/server';

const s = (median: number) => ({ n: 5, median, p95: median * 2, min: median / 2, max: median * 2 });

function report(overrides: Partial<BenchReport> = {}): BenchReport {
  return {
    date: '2026-11-25T19:00:00.000Z',
    durationS: 1500,
    mode: 'full',
    commands: ['npm run bench'],
    machine: { nproc: 2, cpuModel: 'AMD EPYC', memoryGB: 23.5, kernel: '6.1', loadAvgStart: 1.5, loadAvgEnd: 2 },
    versions: { node: 'v20.20.2', next: '16.4.6', react: '19.3.1', clientNode: '1.4.0', kubernetes: 'v1.36.3', kwok: 'v0.8.0' },
    build: { rebuilt: false, seconds: null },
    errors: [],
    notes: [],
    ...overrides,
  };
}

function server(watchesMany: number): ServerResult {
  const byRes = (n: number) => ({ nodes: n, pods: n, daemonsets: 1, controllerrevisions: 1 });
  return {
    listeningS: 4,
    cacheReadyS: 9.5,
    rssAtReadyMB: 230,
    rssAfterRequestsMB: 240,
    coverage: { rawBytes: 104_000, gzipBytes: 10_300, latencyMs: s(30) },
    daemonSetDetail: { agent: 'node-exporter', rawBytes: 600_000, gzipBytes: 50_000, latencyMs: s(80) },
    eventToSseMs: s(36),
    watches: { baseline: byRes(4), oneClient: byRes(5), manyClients: byRes(watchesMany), clients: 50, everynodeOneClient: 2, everynodeManyClients: 2 + 2 * (watchesMany - 5) },
  };
}

describe('renderMarkdown', () => {
  it('states the machine, versions and commands, so the run can be repeated', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('Machine: 2 CPUs (AMD EPYC), 23.5 GB RAM, Linux 6.1; load average 1.5 at the start, 2 at the end.');
    expect(md).toContain('Next.js 16.4.6');
    expect(md).toContain('Kubernetes v1.36.3');
    expect(md).toContain('```sh\nnpm run bench\n```');
  });

  it('says whether the watches grew with the clients', () => {
    expect(renderMarkdown(report({ server: server(5) }))).toContain('2 / 2 (does not grow)');
    expect(renderMarkdown(report({ server: server(7) }))).toContain('2 / 6 (GREW)');
  });

  it('lists failed sections instead of hiding them', () => {
    expect(renderMarkdown(report({ errors: [{ section: '4. soak', message: 'boom' }] }))).toContain('- **4. soak**: boom');
  });
});

describe('latestFigures', () => {
  it('gives the README rows for the sections that ran, none for the others', () => {
    expect(latestFigures(report())).toEqual([]);
    const rows = latestFigures(report({ server: server(5) }));
    expect(rows.map((r) => r[0])).toContain('event → SSE (median)');
    expect(rows.find((r) => r[0] === 'API-server watches, 1 vs 50 clients')?.[1]).toBe('2 vs 2');
  });
});

describe('thin', () => {
  it('keeps the first and last points and spaces the rest evenly', () => {
    expect(thin([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toEqual([0, 5, 10]);
    expect(thin([1, 2], 5)).toEqual([1, 2]);
  });
});
