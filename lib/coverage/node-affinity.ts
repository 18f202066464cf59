import type { KNodeSelector, KNodeSelectorRequirement, KNodeSelectorTerm } from './k8s';

/**
 * Required node affinity and nodeSelector matching, mirroring component-helpers' nodeaffinity:
 * terms are ORed, a term's expressions and fields are ANDed, empty terms are skipped (so a
 * selector whose terms are all empty matches nothing), a term that fails to parse never matches,
 * matchFields supports only In/NotIn with exactly one value (only `metadata.name` has a value).
 * @see https://github.com/kubernetes/component-helpers/blob/v0.36.3/scheduling/corev1/nodeaffinity/nodeaffinity.go
 * @see https://github.com/kubernetes/apimachinery/blob/v0.36.3/pkg/labels/selector.go (NewRequirement, Requirement.Matches)
 */

type Labels = Record<string, string> | undefined;

interface LabelReq {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: readonly string[];
  /** Parsed integer for Gt/Lt. */
  bound?: bigint;
  text: string;
}

interface FieldReq {
  key: string;
  op: 'In' | 'NotIn';
  value: string;
  text: string;
}

interface CompiledTerm {
  /** 1-based position in the original nodeSelectorTerms (for messages). */
  position: number;
  labels: LabelReq[];
  fields: FieldReq[];
  errors: string[];
}

export interface CompiledNodeSelector {
  terms: CompiledTerm[];
  /** Number of terms in the spec (including empty ones). */
  specTerms: number;
}

/** Go strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

function describeRequirement(r: KNodeSelectorRequirement): string {
  const op = r.operator ?? '';
  const values = r.values ?? [];
  if (op === 'Exists' || op === 'DoesNotExist') return `${r.key ?? ''} ${op}`;
  if (op === 'Gt' || op === 'Lt') return `${r.key ?? ''} ${op} ${values.join(',')}`;
  return `${r.key ?? ''} ${op} [${values.join(',')}]`;
}

function compileLabelReq(r: KNodeSelectorRequirement, errors: string[]): LabelReq | undefined {
  const key = r.key ?? '';
  const values = r.values ?? [];
  const text = describeRequirement(r);
  const op = r.operator ?? '';
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errors.push(`${text}: values set can't be empty`);
      return { key, op, values, text };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) errors.push(`${text}: values set must be empty`);
      return { key, op, values, text };
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) errors.push(`${text}: exactly one value is required`);
      const bound = values.length > 0 ? parseInt64(values[0]!) : undefined;
      if (values.some((v) => parseInt64(v) === undefined)) errors.push(`${text}: the value must be an integer`);
      return { key, op, values, bound, text };
    }
    default:
      errors.push(`${text}: unsupported operator "${op}"`);
      return undefined;
  }
}

function compileFieldReq(r: KNodeSelectorRequirement, errors: string[]): FieldReq | undefined {
  const op = r.operator ?? '';
  const values = r.values ?? [];
  const text = describeRequirement(r);
  if (op !== 'In' && op !== 'NotIn') {
    errors.push(`${text}: matchFields supports only In and NotIn`);
    return undefined;
  }
  if (values.length !== 1) {
    errors.push(`${text}: must have one element`);
    return undefined;
  }
  return { key: r.key ?? '', op, value: values[0]!, text };
}

function compileTerm(term: KNodeSelectorTerm, position: number): CompiledTerm {
  const errors: string[] = [];
  const labels: LabelReq[] = [];
  const fields: FieldReq[] = [];
  for (const r of term.matchExpressions ?? []) {
    const c = compileLabelReq(r, errors);
    if (c) labels.push(c);
  }
  for (const r of term.matchFields ?? []) {
    const c = compileFieldReq(r, errors);
    if (c) fields.push(c);
  }
  return { position, labels, fields, errors };
}

export function compileNodeSelector(ns: KNodeSelector): CompiledNodeSelector {
  const specTerms = ns.nodeSelectorTerms ?? [];
  const terms: CompiledTerm[] = [];
  specTerms.forEach((t, i) => {
    if ((t.matchExpressions?.length ?? 0) === 0 && (t.matchFields?.length ?? 0) === 0) return;
    terms.push(compileTerm(t, i + 1));
  });
  return { terms, specTerms: specTerms.length };
}

function labelReqMatches(r: LabelReq, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'In':
      return has && r.values.includes(labels![r.key]!);
    case 'NotIn':
      return !has || !r.values.includes(labels![r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1 || r.bound === undefined) return false;
      const v = parseInt64(labels![r.key]!);
      if (v === undefined) return false;
      return r.op === 'Gt' ? v > r.bound : v < r.bound;
    }
  }
}

/** Field value of a node for a field selector key: only metadata.name is populated. */
function nodeField(key: string, nodeName: string): string {
  return key === 'metadata.name' ? nodeName : '';
}

function fieldReqMatches(r: FieldReq, nodeName: string): boolean {
  const v = nodeField(r.key, nodeName);
  return r.op === 'In' ? v === r.value : v !== r.value;
}

function termMatches(t: CompiledTerm, labels: Labels, nodeName: string): boolean {
  if (t.errors.length > 0) return false;
  for (const r of t.labels) if (!labelReqMatches(r, labels)) return false;
  // Upstream skips matchFields for a node without a name (no fields to match against).
  if (nodeName !== '') for (const r of t.fields) if (!fieldReqMatches(r, nodeName)) return false;
  return true;
}

/** @see https://github.com/kubernetes/component-helpers/blob/v0.36.3/scheduling/corev1/nodeaffinity/nodeaffinity.go (LazyErrorNodeSelector.Match) */
export function nodeSelectorMatches(ns: CompiledNodeSelector, labels: Labels, nodeName: string): boolean {
  for (const t of ns.terms) if (termMatches(t, labels, nodeName)) return true;
  return false;
}

function actual(labels: Labels, key: string): string {
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key) ? `node has ${key}="${labels[key]}"` : 'label missing';
}

/** Why each term failed: one line per failing expression, for operator-facing reasons. */
export function explainNodeSelectorMismatch(ns: CompiledNodeSelector, labels: Labels, nodeName: string): string[] {
  if (ns.terms.length === 0) return ['node affinity has no non-empty term, so it matches no node'];
  const prefix = (t: CompiledTerm) => (ns.terms.length > 1 ? `node affinity term ${t.position}: ` : 'node affinity: ');
  const out: string[] = [];
  for (const t of ns.terms) {
    if (t.errors.length > 0) {
      for (const e of t.errors) out.push(`${prefix(t)}invalid ${e}`);
      continue;
    }
    for (const r of t.labels) if (!labelReqMatches(r, labels)) out.push(`${prefix(t)}${r.text} (${actual(labels, r.key)})`);
    if (nodeName !== '') for (const r of t.fields) if (!fieldReqMatches(r, nodeName)) out.push(`${prefix(t)}${r.text} (node is ${nodeName})`);
  }
  return out;
}

/** The failing label requirements of the term closest to matching (fewest failures), for fix hints. */
export function closestTermFailures(ns: CompiledNodeSelector, labels: Labels, nodeName: string): { labels: KNodeSelectorRequirement[]; fields: KNodeSelectorRequirement[] } | undefined {
  let best: { labels: KNodeSelectorRequirement[]; fields: KNodeSelectorRequirement[] } | undefined;
  for (const t of ns.terms) {
    if (t.errors.length > 0) continue;
    const l = t.labels.filter((r) => !labelReqMatches(r, labels)).map((r) => ({ key: r.key, operator: r.op, values: [...r.values] }));
    const f = nodeName === '' ? [] : t.fields.filter((r) => !fieldReqMatches(r, nodeName)).map((r) => ({ key: r.key, operator: r.op, values: [r.value] }));
    if (!best || l.length + f.length < best.labels.length + best.fields.length) best = { labels: l, fields: f };
  }
  return best;
}

/**
 * nodeSelector: every key=value must be present and equal (labels.SelectorFromSet).
 * Returns the failing pairs (empty when it matches).
 */
export function nodeSelectorFailures(selector: Record<string, string> | undefined, labels: Labels): { key: string; want: string; actual: string | undefined }[] {
  const out: { key: string; want: string; actual: string | undefined }[] = [];
  if (!selector) return out;
  for (const key in selector) {
    const want = selector[key]!;
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
    const v = has ? labels![key] : undefined;
    if (v !== want) out.push({ key, want, actual: v });
  }
  return out;
}
