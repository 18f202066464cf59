import { describe, expect, it } from 'vitest';
import { isControllerRevisionOf } from '@/lib/coverage/revision-origin';
import { chooseRevision, templateRestorePatch, type RevisionLike } from './revisions';

const ds = { name: 'agent', uid: 'uid-agent' };
const template = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'img:1' }] } };

function revision(n: number, overrides: { name?: string; hash?: string; owner?: string; controller?: boolean; data?: unknown } = {}): RevisionLike {
  const hash = overrides.hash ?? 'c8d5f9b7b';
  return {
    revision: n,
    data: 'data' in overrides ? overrides.data : { spec: { template: { ...template, $patch: 'replace' } } },
    metadata: {
      name: overrides.name ?? `agent-${hash}`,
      labels: { app: 'agent', 'controller-revision-hash': hash },
      ownerReferences: [{ uid: overrides.owner ?? 'uid-agent', controller: overrides.controller ?? true }],
    },
  };
}

describe('isControllerRevisionOf', () => {
  it("accepts what the controller writes: owned as controller, named <ds>-<hash>, only the template", () => {
    expect(isControllerRevisionOf(revision(1), ds)).toBe(true);
  });

  it.each([
    ['another owner', revision(1, { owner: 'uid-other' })],
    ['an ownerReference that is not the controller', revision(1, { controller: false })],
    ['a name that does not carry the hash', revision(999, { name: 'agent-evil' })],
    ['a hash the controller cannot produce', revision(999, { hash: 'evil-1', name: 'agent-evil-1' })],
    ['fields outside the template', revision(999, { data: { spec: { template: { ...template, $patch: 'replace' }, updateStrategy: { type: 'OnDelete' }, minReadySeconds: 3600 } } })],
    ['top-level fields beside spec', revision(999, { data: { metadata: { labels: { x: 'y' } }, spec: { template: { ...template, $patch: 'replace' } } } })],
    ['a template without the replace marker', revision(999, { data: { spec: { template } } })],
    ['no data', revision(999, { data: null })],
  ])('ignores a revision with %s', (_what, rev) => {
    expect(isControllerRevisionOf(rev, ds)).toBe(false);
  });

  it('keeps a forged higher revision from becoming the one undo restores', () => {
    const history = [revision(1, { hash: 'b4c6d8f', name: 'agent-b4c6d8f' }), revision(2), revision(999, { name: 'agent-forged', hash: 'c8d5f9b7b' })];
    const genuine = history.filter((r) => isControllerRevisionOf(r, ds));
    expect(chooseRevision(genuine, 0)).toMatchObject({ ok: true, revision: { revision: 1 } });
  });
});

describe('templateRestorePatch', () => {
  it('sends the stored template as a replace, and nothing else', () => {
    expect(templateRestorePatch(revision(1))).toEqual({ spec: { template: { ...template, $patch: 'replace' } } });
    expect(templateRestorePatch(revision(1, { data: { spec: { template: { ...template, $patch: 'replace' }, minReadySeconds: 3600 } } }))).toBeUndefined();
  });
});
