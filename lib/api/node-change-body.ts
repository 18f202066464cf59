import { z } from '@/lib/zod';
import { parseNodeChange, type NodeChange } from '@/lib/change/node/model';

/** At most this many nodes in one multi-node preview or change (the grid's filter, resolved to names). */
export const MAX_CHANGE_NODES = 5000;
/** Parts of one change (taints plus labels): far more than a person types, few enough to check pairwise. */
const MAX_PARTS = 64;
/** A multi-node body carries a name and resourceVersion per node. */
export const MAX_MULTI_NODE_BODY_BYTES = 512 * 1024;

/** Node names: DNS-1123 subdomains, as lib/api/params.ts objectName (kept apart: params is server-only, and the bench loads this file). */
const objectName = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")');

const arg = z.string().max(1024, 'must be at most 1024 characters');

/** The change in kubectl's syntax, checked as a whole; `change` carries the parsed form to the route. */
const changeFields = {
  taints: z.array(arg).max(MAX_PARTS, `at most ${MAX_PARTS} taints`).optional(),
  labels: z.array(arg).max(MAX_PARTS, `at most ${MAX_PARTS} labels`).optional(),
  unschedulable: z.boolean().optional(),
};

type ChangeFields = { taints?: string[]; labels?: string[]; unschedulable?: boolean };

/** Adds the parsed change, or an issue naming the argument at fault. */
function withChange<T extends ChangeFields>(value: T, ctx: z.RefinementCtx): T & { change: NodeChange } {
  const parsed = parseNodeChange(value);
  if (!parsed.ok) {
    const path = pathOf(value, parsed.problem);
    ctx.addIssue({ code: 'custom', message: parsed.problem, path });
    return z.NEVER;
  }
  return { ...value, change: parsed.value };
}

/** Points the issue at the offending taints[i] / labels[i] when the message quotes one. */
function pathOf(value: ChangeFields, problem: string): (string | number)[] {
  for (const field of ['taints', 'labels'] as const) {
    const i = (value[field] ?? []).findIndex((a) => problem.startsWith(`${field === 'taints' ? 'taint' : 'label'} ${JSON.stringify(a.length > 80 ? `${a.slice(0, 80)}…` : a)}`));
    if (i >= 0) return [field, i];
  }
  return [];
}

const resourceVersion = z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters').regex(/^[0-9A-Za-z._-]+$/, 'must be a resourceVersion as the preview gave it');

export const nodePreviewBody = z.strictObject(changeFields).transform(withChange);
export const nodeChangeBody = z.strictObject({ ...changeFields, resourceVersion }).transform(withChange);

const nodeList = z
  .array(objectName)
  .min(1, 'must name at least one node')
  .max(MAX_CHANGE_NODES, `at most ${MAX_CHANGE_NODES} nodes at once`)
  .refine((names) => new Set(names).size === names.length, 'must not name a node twice');

export const nodesPreviewBody = z.strictObject({ ...changeFields, nodes: nodeList }).transform(withChange);
export const nodesChangeBody = z
  .strictObject({
    ...changeFields,
    nodes: z
      .array(z.strictObject({ name: objectName, resourceVersion }))
      .min(1, 'must name at least one node')
      .max(MAX_CHANGE_NODES, `at most ${MAX_CHANGE_NODES} nodes at once`)
      .refine((nodes) => new Set(nodes.map((n) => n.name)).size === nodes.length, 'must not name a node twice'),
  })
  .transform(withChange);
