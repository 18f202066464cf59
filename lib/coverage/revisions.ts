import { stringify } from 'yaml';
import type { RevisionDTO } from '@/lib/api/dto';
import { CHANGE_CAUSE_ANNOTATION, REVISION_HASH_LABEL, timeText, type KControllerRevision, type KDaemonSet, type KPodTemplateSpec } from './k8s';

export interface RevisionView {
  name: string;
  revision: number;
  hash: string;
  createdAt: string;
  current: boolean;
  /** The pod template stored in the revision (without the `$patch` marker). */
  template: KPodTemplateSpec | undefined;
  changeCause?: string;
}

/** The pod template a DaemonSet ControllerRevision stores: data.spec.template minus `$patch`. */
export function revisionTemplate(rev: KControllerRevision): KPodTemplateSpec | undefined {
  const data = rev.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = data?.spec?.template;
  if (!t || typeof t !== 'object') return undefined;
  const rest = { ...t };
  delete rest.$patch;
  return rest as KPodTemplateSpec;
}

/** Plain JSON with nulls/undefined dropped, Dates as RFC 3339 and keys sorted: a canonical form. */
export function canonicalJson(v: unknown): unknown {
  if (v instanceof Date) return timeText(v);
  if (Array.isArray(v)) return v.map(canonicalJson);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === null || x === undefined) continue;
      out[k] = canonicalJson(x);
    }
    return out;
  }
  return v;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalJson(a)) === JSON.stringify(canonicalJson(b));
}

/**
 * The current revision: among revisions whose stored template equals the DaemonSet's template
 * (upstream compares the serialized patch), the highest .revision. When none matches (the
 * controller has not snapshotted a just-edited template yet, or the cache dropped `data`), the
 * highest .revision, flagged `matched: false`.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/update.go (constructHistory, Match, dedupCurHistories)
 */
export function findCurrentRevision(ds: KDaemonSet, revisions: readonly KControllerRevision[]): { revision: KControllerRevision; matched: boolean } | undefined {
  if (revisions.length === 0) return undefined;
  const byRevision = [...revisions].sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  const template = ds.spec?.template;
  const matching = byRevision.find((r) => {
    const t = revisionTemplate(r);
    return t !== undefined && sameJson(t, template);
  });
  return matching ? { revision: matching, matched: true } : { revision: byRevision[0]!, matched: false };
}

/** Hash of a revision: its controller-revision-hash label, else its name (as upstream labels it). */
export function revisionHash(rev: KControllerRevision): string {
  return rev.metadata?.labels?.[REVISION_HASH_LABEL] ?? rev.metadata?.name ?? '';
}

/** Revisions oldest first, with the current one marked. */
export function revisionViews(revisions: readonly KControllerRevision[], currentName: string | undefined): RevisionView[] {
  return [...revisions]
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
    .map((r) => {
      const v: RevisionView = {
        name: r.metadata?.name ?? '',
        revision: r.revision ?? 0,
        hash: revisionHash(r),
        createdAt: timeText(r.metadata?.creationTimestamp),
        current: r.metadata?.name === currentName,
        template: revisionTemplate(r),
      };
      const cause = r.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
      if (cause) v.changeCause = cause;
      return v;
    });
}

export function templateYaml(t: KPodTemplateSpec | undefined): string {
  return t === undefined ? '' : stringify(canonicalJson(t), { lineWidth: 0 });
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Line diff by longest common subsequence (templates are tens of lines). */
function lineDiff(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  while (i < n) ops.push({ kind: '-', line: a[i++]! });
  while (j < m) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

/** Unified diff (3 lines of context) from `from` to `to`; '' when equal. */
export function unifiedDiff(from: string, to: string, fromLabel: string, toLabel: string, context = 3): string {
  if (from === to) return '';
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const ops = lineDiff(split(from), split(to));
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  let k = 0;
  while (k < changed.length) {
    let start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) {
      k++;
      end = Math.min(ops.length, changed[k]! + context + 1);
    }
    let aStart = 1;
    let bStart = 1;
    for (let x = 0; x < start; x++) {
      if (ops[x]!.kind !== '+') aStart++;
      if (ops[x]!.kind !== '-') bStart++;
    }
    const hunk = ops.slice(start, end);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen === 0 ? aStart - 1 : aStart},${aLen} +${bLen === 0 ? bStart - 1 : bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    k++;
    start = end;
  }
  return out.join('\n') + '\n';
}

/** Diff of a revision's template against the current revision's template. */
export function revisionDiff(rev: RevisionView, current: RevisionView | undefined): string {
  if (!current || rev.current) return '';
  return unifiedDiff(templateYaml(rev.template), templateYaml(current.template), `revision ${rev.revision}`, `revision ${current.revision} (current)`);
}

export function toRevisionDTOs(revisions: readonly RevisionView[]): RevisionDTO[] {
  const current = revisions.find((r) => r.current);
  return revisions.map((r) => {
    const dto: RevisionDTO = { name: r.name, revision: r.revision, hash: r.hash, createdAt: r.createdAt, current: r.current, diff: revisionDiff(r, current) };
    if (r.changeCause) dto.changeCause = r.changeCause;
    return dto;
  });
}
