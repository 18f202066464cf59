import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { DaemonSetDetailResponse } from '@/lib/api/dto';
import { metrics } from '@/lib/kube/metrics';
import { ViewFeed } from './live-feeds';

/** A DaemonSet detail reduced to what a feed diffs: the version and one cell per node. */
const detail = (version: number, states: string[]) =>
  ({
    version,
    nodes: { names: states.map((_, i) => `n${i}`), ready: 'R'.repeat(states.length), cordoned: '0'.repeat(states.length), labelPairs: [], labels: states.map(() => []) },
    cells: states.map((state, i) => ({ node: `n${i}`, state, pods: [] })),
  }) as unknown as DaemonSetDetailResponse;

const observed = async (name: string) => {
  const m = await metrics().registry.getSingleMetric(name)!.get();
  return m.values.find((v) => (v as { metricName?: string }).metricName === `${name}_count` && v.labels.view === 'daemonset')?.value ?? 0;
};

describe('ViewFeed timings', () => {
  it('times each read once per version, and each delivery from the announcement that caused it', async () => {
    const source = new EventEmitter();
    let current = detail(1, ['ready', 'ready']);
    const feed = new ViewFeed('daemonset:agents/a', async () => current, source, () => undefined);
    const reads0 = await observed('everynode_live_feed_read_seconds');
    const delivered0 = await observed('everynode_live_delivery_seconds');

    await feed.advance(); // the first read: no announcement, nothing to deliver
    current = detail(2, ['ready', 'missing']);
    source.emit('version');
    await feed.advance();
    const catchup = feed.catchup(1);
    expect(catchup).toMatchObject({ kind: 'frames', to: 2 });

    expect((await observed('everynode_live_feed_read_seconds')) - reads0).toBe(2);
    expect((await observed('everynode_live_delivery_seconds')) - delivered0).toBe(1);
    // A tab already current takes nothing, and is not timed.
    expect(feed.catchup(2)).toEqual({ kind: 'none' });
    expect((await observed('everynode_live_delivery_seconds')) - delivered0).toBe(1);
    feed.retire();
  });
});
