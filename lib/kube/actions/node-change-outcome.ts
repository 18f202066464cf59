import type { NodeChangeResponse, NodeChangeResultDTO } from '@/lib/api/dto';
import type { AuditResult } from '@/lib/kube/audit';
import type { ActionOutcome, TargetOutcome } from './outcome';
import type { NodeChangeDone, NodeChangeResult } from './node-change';

type Answer = Pick<NodeChangeResponse, 'results' | 'counts'>;

const resultDto = (d: NodeChangeDone): NodeChangeResultDTO => ({
  node: d.node,
  result: d.changed ? 'changed' : 'unchanged',
  status: 200,
  message: d.message,
  ...(d.resourceVersion ? { resourceVersion: d.resourceVersion } : {}),
});

function answerOf(results: NodeChangeResultDTO[]): Answer {
  const counts = { changed: 0, unchanged: 0, failed: 0 };
  for (const r of results) counts[r.result] += 1;
  return { results, counts };
}

/** One node changed (or not): its resourceVersion is the state the repeat guard compares. */
export function singleNodeOutcome(done: NodeChangeDone, words: string): ActionOutcome {
  return {
    changed: done.changed,
    uid: done.uid,
    state: done.changed ? done.resourceVersion : undefined,
    message: done.message,
    detail: { change: words },
    answer: answerOf([resultDto(done)]),
  };
}

const auditResultOf = (status: number): AuditResult => (status === 401 || status === 403 ? 'refused' : 'failed');

/**
 * Many nodes: every node audited on its own (and given its own Event when changed); the answer
 * lists each node's result, and says in its message how many failed and why the first did.
 */
export function multiNodeOutcome(results: readonly NodeChangeResult[], words: string): ActionOutcome {
  const dtos: NodeChangeResultDTO[] = [];
  const targets: TargetOutcome[] = [];
  for (const r of results) {
    const target = { kind: 'Node' as const, namespace: '', name: r.target.name };
    if ('done' in r) {
      dtos.push(resultDto(r.done));
      targets.push({ target: { ...target, ...(r.done.uid ? { uid: r.done.uid } : {}) }, result: r.done.changed ? 'changed' : 'unchanged', status: 200, message: r.done.message, detail: { change: words } });
    } else {
      const message = r.error.expose ? r.error.message : 'internal error';
      dtos.push({ node: r.target.name, result: 'failed', status: r.error.status, message });
      targets.push({ target, result: auditResultOf(r.error.status), status: r.error.status, message, detail: { change: words } });
    }
  }
  const answer = answerOf(dtos);
  const { changed, unchanged, failed } = answer.counts;
  const firstFailure = dtos.find((d) => d.result === 'failed');
  const message = `${changed} of ${dtos.length} node${dtos.length === 1 ? '' : 's'} changed${unchanged ? `, ${unchanged} already so` : ''}${failed ? `, ${failed} failed (first: ${firstFailure!.message}); failed nodes were not retried` : ''}`;
  return { changed: changed > 0, message, detail: { change: words, nodes: dtos.length, failed }, targets, answer };
}
