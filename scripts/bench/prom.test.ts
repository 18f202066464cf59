import { describe, expect, it } from 'vitest';
import { histogramQuantile, parseMetrics, sumBy, sumOf } from './prom';

// Lines as kube-apiserver v1.36 exposes them (trimmed).
const TEXT = `# HELP apiserver_longrunning_requests [STABLE] Gauge of all active long-running apiserver requests
# TYPE apiserver_longrunning_requests gauge
apiserver_longrunning_requests{component="apiserver",group="",resource="nodes",scope="cluster",subresource="",verb="WATCH",version="v1"} 5
apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 5
apiserver_longrunning_requests{component="apiserver",group="apps",resource="daemonsets",scope="cluster",subresource="",verb="WATCH",version="v1"} 2
apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="resource",subresource="log",verb="GET",version="v1"} 1
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1"} 1002
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="nodes",scope="cluster",subresource="",verb="LIST",version="v1"} 2
apiserver_request_total{code="500",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1"} 3
apiserver_request_duration_seconds_bucket{le="+Inf",verb="LIST"} 17
weird_label{msg="a \\"quoted\\" value, with comma"} 1.5e3
`;

describe('parseMetrics', () => {
  const samples = parseMetrics(TEXT);

  it('skips comments and keeps every sample with its labels', () => {
    expect(samples).toHaveLength(9);
    expect(samples[0]).toEqual({
      name: 'apiserver_longrunning_requests',
      labels: { component: 'apiserver', group: '', resource: 'nodes', scope: 'cluster', subresource: '', verb: 'WATCH', version: 'v1' },
      value: 5,
    });
  });

  it('unescapes label values and reads exponents and +Inf labels', () => {
    expect(samples.find((s) => s.name === 'weird_label')).toEqual({ name: 'weird_label', labels: { msg: 'a "quoted" value, with comma' }, value: 1500 });
    expect(samples.find((s) => s.name === 'apiserver_request_duration_seconds_bucket')?.labels.le).toBe('+Inf');
  });

  it('sums across series matching exact values or any of a list', () => {
    expect(sumOf(samples, 'apiserver_longrunning_requests', { verb: 'WATCH' })).toBe(12);
    expect(sumOf(samples, 'apiserver_longrunning_requests', { verb: 'WATCH', resource: ['nodes', 'daemonsets'] })).toBe(7);
    expect(sumOf(samples, 'apiserver_request_total', { verb: 'LIST', resource: 'pods' })).toBe(1005);
  });

  it('groups sums by a label', () => {
    expect(sumBy(samples, 'apiserver_request_total', 'code', { verb: 'LIST' })).toEqual({ '200': 1004, '500': 3 });
  });
});

describe('histogramQuantile', () => {
  const scrape = (counts: [string, number][], view = 'daemonset') => parseMetrics(counts.map(([le, n]) => `d_bucket{view="${view}",le="${le}"} ${n}`).join('\n'));
  const before = scrape([['0.1', 10], ['0.5', 10], ['1', 10], ['+Inf', 10]]);
  // Between the scrapes: 60 observations ≤ 0.1 s, 30 in (0.1, 0.5], 10 in (0.5, 1].
  const after = scrape([['0.1', 70], ['0.5', 100], ['1', 110], ['+Inf', 110]]);

  it('reads only what came between the scrapes, interpolating inside the bucket', () => {
    expect(histogramQuantile(before, after, 'd', 0.5)).toBeCloseTo((0.1 * 50) / 60);
    expect(histogramQuantile(before, after, 'd', 0.9)).toBeCloseTo(0.5);
    expect(histogramQuantile(before, after, 'd', 0.95)).toBeCloseTo(0.75);
  });

  it('says nothing when nothing was observed, and filters by label', () => {
    expect(histogramQuantile(after, after, 'd', 0.5)).toBeUndefined();
    expect(histogramQuantile(before, after, 'd', 0.5, { view: 'coverage' })).toBeUndefined();
  });

  it('answers the last finite bound for observations beyond it', () => {
    const over = scrape([['0.1', 10], ['0.5', 10], ['1', 10], ['+Inf', 20]]);
    expect(histogramQuantile(before, over, 'd', 0.99)).toBe(1);
  });
});
