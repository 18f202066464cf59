import { describe, expect, it } from 'vitest';
import { isControlledBy } from '@/lib/coverage/revision-origin';
import { chooseRevision, currentTemplatePatch, jsonEqual, templateMatchesRevision } from './revisions';

const template = (image: string) => ({
  metadata: { creationTimestamp: null, labels: { app: 'agent' } },
  spec: { containers: [{ name: 'agent', image, resources: {} }], restartPolicy: 'Always' },
});
const revision = (n: number, image = `img:${n}`) => ({ revision: n, data: { spec: { template: { $patch: 'replace', ...template(image) } } } });

describe('chooseRevision', () => {
  it('toRevision 0 picks the second highest revision number, whatever the list order', () => {
    const choice = chooseRevision([revision(7), revision(2), revision(5)], 0);
    expect(choice).toMatchObject({ ok: true, revision: { revision: 5 } });
  });

  it('refuses with kubectl wording when there is no previous revision', () => {
    expect(chooseRevision([revision(1)], 0)).toEqual({ ok: false, message: 'no last revision to roll back to' });
    expect(chooseRevision([], 0)).toEqual({ ok: false, message: 'no last revision to roll back to' });
  });

  it('finds an explicit revision or names the missing one', () => {
    expect(chooseRevision([revision(1), revision(3)], 1)).toMatchObject({ ok: true, revision: { revision: 1 } });
    expect(chooseRevision([revision(1), revision(3)], 2)).toEqual({ ok: false, message: 'unable to find specified revision 2 in history' });
    expect(chooseRevision([revision(1), revision(3)], -1)).toEqual({ ok: false, message: 'unable to find specified revision -1 in history' });
  });
});

describe('templateMatchesRevision', () => {
  it('matches when the template equals the revision, ignoring key order and null members', () => {
    const ds = { spec: { template: { spec: { restartPolicy: 'Always', containers: [{ resources: {}, image: 'img:2', name: 'agent' }] }, metadata: { labels: { app: 'agent' } } } } };
    expect(templateMatchesRevision(ds, revision(2).data)).toBe(true);
  });

  it('differs on any real template change', () => {
    const ds = { spec: { template: template('img:3') } };
    expect(templateMatchesRevision(ds, revision(2).data)).toBe(false);
    const extraAnnotation = { spec: { template: { ...template('img:2'), metadata: { labels: { app: 'agent' }, annotations: { a: 'b' } } } } };
    expect(templateMatchesRevision(extraAnnotation, revision(2).data)).toBe(false);
  });

  it('builds the same patch shape the controller stores', () => {
    expect(currentTemplatePatch({ spec: { template: template('x') } })).toEqual({ spec: { template: { $patch: 'replace', ...template('x') } } });
  });
});

describe('jsonEqual', () => {
  it('is order-sensitive for arrays only', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
  });
});

describe('isControlledBy', () => {
  it('requires the controller flag and the owner uid', () => {
    const rev = (uid: string, controller?: boolean) => ({ revision: 1, data: {}, metadata: { ownerReferences: [{ uid, controller }] } });
    expect(isControlledBy(rev('u1', true), 'u1')).toBe(true);
    expect(isControlledBy(rev('u1', false), 'u1')).toBe(false);
    expect(isControlledBy(rev('u2', true), 'u1')).toBe(false);
  });
});
