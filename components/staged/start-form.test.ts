import { describe, expect, it } from 'vitest';
import { changesImages, initialForm, startBody } from './start-form';

const template = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'agent', image: 'r/agent:1' }, { name: 'side', image: 'r/side:1' }] } };

describe('start form', () => {
  it('prefills the current images and sends the whole template with the changed ones', () => {
    const f = initialForm(template);
    expect(f.images).toEqual(['r/agent:1', 'r/side:1']);
    expect(changesImages(template, f)).toBe(false);
    const body = startBody(template, { ...f, images: ['r/agent:2', ''] });
    expect(body.template).toEqual({ metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'agent', image: 'r/agent:2' }, { name: 'side', image: 'r/side:1' }] } });
    expect(template.spec.containers[0]!.image).toBe('r/agent:1');
    expect(body.plan).toEqual({ canary: { kind: 'count', count: 1 }, waves: { kind: 'percent', percents: [10, 50, 100] }, soakSeconds: 120, maxRestarts: 2, readyTimeoutSeconds: 300, autoAbort: false });
  });

  it('reads selector, named-node and label-wave fields', () => {
    const f = initialForm(template);
    expect(startBody(template, { ...f, canaryKind: 'nodes', canary: 'n-1, n-2,', wavesKind: 'label', waves: ' topology.kubernetes.io/zone ' }).plan).toMatchObject({
      canary: { kind: 'nodes', nodes: ['n-1', 'n-2'] },
      waves: { kind: 'label', label: 'topology.kubernetes.io/zone' },
    });
    expect(startBody(template, { ...f, canary: 'two' }).plan.canary).toEqual({ kind: 'count', count: Number.NaN });
  });
});
