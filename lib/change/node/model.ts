import { isTaintEffect, labelValueProblem, qualifiedNameProblem, TAINT_EFFECTS, type TaintEffect } from './syntax';

/**
 * One node change, as `kubectl taint`, `kubectl label`, `kubectl cordon` would make it. Adding a
 * taint whose key and effect a node already has replaces its value, and setting a label that
 * exists changes it (kubectl's --overwrite): the preview shows what is replaced.
 */
export type NodeChangeOp =
  | { op: 'addTaint'; key: string; value: string; effect: TaintEffect }
  /** Without an effect: every taint with this key (`kubectl taint nodes N key-`). */
  | { op: 'removeTaint'; key: string; effect?: TaintEffect }
  | { op: 'setLabel'; key: string; value: string }
  | { op: 'removeLabel'; key: string }
  | { op: 'setUnschedulable'; unschedulable: boolean };

export interface NodeChange {
  ops: NodeChangeOp[];
}

/** The wire form of a change: kubectl's own argument syntax. */
export interface NodeChangeSpec {
  /** `key=value:Effect`, `key:Effect` (add or replace), `key:Effect-`, `key-` (remove). */
  taints?: string[];
  /** `key=value` (add or change), `key-` (remove). */
  labels?: string[];
  /** true: cordon; false: uncordon. */
  unschedulable?: boolean;
}

/** Quoted for a message, shortened: a rejected argument may be long. */
const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

function effectProblem(effect: string): string | undefined {
  return isTaintEffect(effect) ? undefined : `unknown taint effect ${quote(effect)} (must be one of ${TAINT_EFFECTS.join(', ')})`;
}

/**
 * A `kubectl taint` argument: `key[=value]:Effect` adds, `key[:Effect]-` removes.
 * @see https://github.com/kubernetes/kubectl/blob/v0.36.3/pkg/cmd/taint/utils.go (parseTaints, parseTaint)
 */
export function parseTaintArg(spec: string): Parsed<NodeChangeOp> {
  if (spec.endsWith('-')) {
    const body = spec.slice(0, -1);
    const colon = body.indexOf(':');
    const keyPart = colon < 0 ? body : body.slice(0, colon);
    const key = keyPart.split('=')[0]!; // kubectl ignores a value on removal
    const effect = colon < 0 ? '' : body.slice(colon + 1);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) return fail(`taint ${quote(spec)}: key ${quote(key)}: ${keyProblem}`);
    if (effect === '') return { ok: true, value: { op: 'removeTaint', key } };
    const ep = effectProblem(effect);
    if (ep) return fail(`taint ${quote(spec)}: ${ep}`);
    return { ok: true, value: { op: 'removeTaint', key, effect: effect as TaintEffect } };
  }
  const parts = spec.split(':');
  if (parts.length !== 2) return fail(`taint ${quote(spec)}: must be key=value:Effect, key:Effect, or end in "-" to remove`);
  const [kv, effect] = parts as [string, string];
  const ep = effectProblem(effect);
  if (ep) return fail(`taint ${quote(spec)}: ${ep}`);
  const kvParts = kv.split('=');
  if (kvParts.length > 2) return fail(`taint ${quote(spec)}: must be key=value:Effect (one "=" at most)`);
  const [key, value = ''] = kvParts as [string, string?];
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem) return fail(`taint ${quote(spec)}: key ${quote(key)}: ${keyProblem}`);
  const valueProblem = labelValueProblem(value);
  if (valueProblem) return fail(`taint ${quote(spec)}: value ${quote(value)}: ${valueProblem}`);
  return { ok: true, value: { op: 'addTaint', key, value, effect: effect as TaintEffect } };
}

/**
 * A `kubectl label` argument: `key=value` sets, `key-` removes.
 * @see https://github.com/kubernetes/kubectl/blob/v0.36.3/pkg/cmd/label/label.go (parseLabels)
 */
export function parseLabelArg(spec: string): Parsed<NodeChangeOp> {
  if (spec.endsWith('-') && !spec.includes('=')) {
    const key = spec.slice(0, -1);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) return fail(`label ${quote(spec)}: key ${quote(key)}: ${keyProblem}`);
    return { ok: true, value: { op: 'removeLabel', key } };
  }
  const eq = spec.indexOf('=');
  if (eq < 0) return fail(`label ${quote(spec)}: must be key=value, or key- to remove`);
  const key = spec.slice(0, eq);
  const value = spec.slice(eq + 1);
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem) return fail(`label ${quote(spec)}: key ${quote(key)}: ${keyProblem}`);
  const valueProblem = labelValueProblem(value);
  if (valueProblem) return fail(`label ${quote(spec)}: value ${quote(value)}: ${valueProblem}`);
  return { ok: true, value: { op: 'setLabel', key, value } };
}

/** What an op touches: two ops on the same thing in one change contradict or repeat each other. */
function subjectOf(op: NodeChangeOp): string {
  switch (op.op) {
    case 'addTaint':
      return `taint ${op.key}:${op.effect}`;
    case 'removeTaint':
      return `taint ${op.key}:${op.effect ?? '*'}`;
    case 'setLabel':
    case 'removeLabel':
      return `label ${op.key}`;
    case 'setUnschedulable':
      return 'cordon';
  }
}

/** Whether two ops touch the same taint, label or cordon flag. */
function overlaps(a: NodeChangeOp, b: NodeChangeOp): boolean {
  if ((a.op === 'addTaint' || a.op === 'removeTaint') && (b.op === 'addTaint' || b.op === 'removeTaint')) {
    return a.key === b.key && (a.effect === undefined || b.effect === undefined || a.effect === b.effect);
  }
  return subjectOf(a) === subjectOf(b);
}

/** Parses and checks a whole change: every argument valid, none touching what another touches. */
export function parseNodeChange(spec: NodeChangeSpec): Parsed<NodeChange> {
  const ops: NodeChangeOp[] = [];
  for (const t of spec.taints ?? []) {
    const p = parseTaintArg(t);
    if (!p.ok) return p;
    ops.push(p.value);
  }
  for (const l of spec.labels ?? []) {
    const p = parseLabelArg(l);
    if (!p.ok) return p;
    ops.push(p.value);
  }
  if (spec.unschedulable !== undefined) ops.push({ op: 'setUnschedulable', unschedulable: spec.unschedulable });
  if (ops.length === 0) return fail('the change is empty: give at least one taint, label or unschedulable');
  for (let i = 0; i < ops.length; i++) {
    for (let j = 0; j < i; j++) {
      if (overlaps(ops[i]!, ops[j]!)) return fail(`the change touches ${subjectOf(ops[j]!)} twice (${describeOp(ops[j]!)}, ${describeOp(ops[i]!)})`);
    }
  }
  return { ok: true, value: { ops } };
}

/** An op in kubectl's argument syntax (the inverse of the parsers). */
export function formatOp(op: NodeChangeOp): string {
  switch (op.op) {
    case 'addTaint':
      return `${op.key}${op.value ? `=${op.value}` : ''}:${op.effect}`;
    case 'removeTaint':
      return `${op.key}${op.effect ? `:${op.effect}` : ''}-`;
    case 'setLabel':
      return `${op.key}=${op.value}`;
    case 'removeLabel':
      return `${op.key}-`;
    case 'setUnschedulable':
      return op.unschedulable ? 'cordon' : 'uncordon';
  }
}

/** An op in words, e.g. "taint dedicated=gpu:NoExecute", "remove label zone". */
export function describeOp(op: NodeChangeOp): string {
  switch (op.op) {
    case 'addTaint':
      return `taint ${formatOp(op)}`;
    case 'removeTaint':
      return `remove taint ${op.key}${op.effect ? `:${op.effect}` : ''}`;
    case 'setLabel':
      return `label ${formatOp(op)}`;
    case 'removeLabel':
      return `remove label ${op.key}`;
    case 'setUnschedulable':
      return op.unschedulable ? 'cordon' : 'uncordon';
  }
}

/** The wire form of a change (the inverse of parseNodeChange). */
export function toSpec(change: NodeChange): NodeChangeSpec {
  const taints: string[] = [];
  const labels: string[] = [];
  let unschedulable: boolean | undefined;
  for (const op of change.ops) {
    if (op.op === 'addTaint' || op.op === 'removeTaint') taints.push(formatOp(op));
    else if (op.op === 'setLabel' || op.op === 'removeLabel') labels.push(formatOp(op));
    else unschedulable = op.unschedulable;
  }
  return { ...(taints.length ? { taints } : {}), ...(labels.length ? { labels } : {}), ...(unschedulable !== undefined ? { unschedulable } : {}) };
}
