import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';
import { CHANGE_CAUSE_ANNOTATION, REVISION_HASH_LABEL, timeText, type KControllerRevision, type KDaemonSet, type KPodTemplateSpec } from './k8s';
import type { RevisionSummary } from './types';

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
/** One template object per revision object, so what is derived from it (YAML, diffs) is computed once. */
const templates = new WeakMap<KControllerRevision, KPodTemplateSpec | undefined>();

function revisionTemplate(rev: KControllerRevision): KPodTemplateSpec | undefined {
  if (templates.has(rev)) return templates.get(rev);
  const data = rev.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = data?.spec?.template;
  let template: KPodTemplateSpec | undefined;
  if (t && typeof t === 'object') {
    const rest = { ...t };
    delete rest.$patch;
    template = rest as KPodTemplateSpec;
  }
  templates.set(rev, template);
  return template;
}

/** Plain JSON with nulls/undefined dropped, Dates as RFC 3339 and keys sorted: a canonical form. */
function canonicalJson(v: unknown): unknown {
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

/** YAML of each template object, once: every read of an agent lists its revisions' diffs. */
const yamlOf = new WeakMap<KPodTemplateSpec, string>();

export function templateYaml(t: KPodTemplateSpec | undefined): string {
  if (t === undefined) return '';
  let yaml = yamlOf.get(t);
  if (yaml === undefined) yamlOf.set(t, (yaml = stringify(canonicalJson(t), { lineWidth: 0 })));
  return yaml;
}

/** Unified diff (3 lines of context) from `from` to `to`; '' when equal. */
export function unifiedDiff(from: string, to: string, fromLabel: string, toLabel: string, context = 3): string {
  if (from === to) return '';
  return createTwoFilesPatch(fromLabel, toLabel, from, to, undefined, undefined, { context, headerOptions: FILE_HEADERS_ONLY });
}

/** Diffs by (revision, current revision): kept while both revisions are the objects the cache holds. */
const diffs = new WeakMap<KPodTemplateSpec, WeakMap<KPodTemplateSpec, { labels: string; diff: string }>>();

/** Diff of a revision's template against the current revision's template. */
function revisionDiff(rev: RevisionView, current: RevisionView | undefined): string {
  if (!current || rev.current) return '';
  const fromLabel = `revision ${rev.revision}`;
  const toLabel = `revision ${current.revision} (current)`;
  const compute = () => unifiedDiff(templateYaml(rev.template), templateYaml(current.template), fromLabel, toLabel);
  if (!rev.template || !current.template) return compute();
  let byCurrent = diffs.get(rev.template);
  if (!byCurrent) diffs.set(rev.template, (byCurrent = new WeakMap()));
  const kept = byCurrent.get(current.template);
  const labels = `${fromLabel}\u0000${toLabel}`;
  if (kept?.labels === labels) return kept.diff;
  const diff = compute();
  byCurrent.set(current.template, { labels, diff });
  return diff;
}

/** The revision history as the agent page lists it: each revision with its diff against the current one. */
export function revisionSummaries(revisions: readonly RevisionView[]): RevisionSummary[] {
  const current = revisions.find((r) => r.current);
  return revisions.map((r) => {
    const summary: RevisionSummary = { name: r.name, revision: r.revision, hash: r.hash, createdAt: r.createdAt, current: r.current, diff: revisionDiff(r, current) };
    if (r.changeCause) summary.changeCause = r.changeCause;
    return summary;
  });
}
