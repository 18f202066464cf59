/**
 * Staged rollouts on the wire: the start body (the new pod template and the plan) and the plan's
 * view. One zod schema for the plan serves both the body validation and the OpenAPI document.
 */
import { z } from '@/lib/zod';
import { components, StagedPhaseSchema as phase, StagedSummarySchema } from './responses';

export { StagedSummarySchema };

function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  components.add(schema, description ? { id, description } : { id });
  return schema;
}

const count = z.int().nonnegative();
const labelKey = z
  .string()
  .min(1, 'must not be empty')
  .max(317, 'must be at most 317 characters')
  .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'must be a label key (prefix/name)');
const nodeName = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a node name (DNS-1123 subdomain)');
/** `key=value` or `key` requirements, comma-separated (equality and existence only). */
const selector = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'must be at most 1024 characters')
  .regex(/^\s*[^\s=,!]+(\s*=\s*[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\s*(,\s*[^\s=,!]+(\s*=\s*[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\s*)*$/, 'must be key=value or key requirements, comma-separated');

export const StagedPlanSchema = named(
  'StagedPlan',
  z.strictObject({
    canary: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('count'), count: z.int('must be an integer').min(1, 'must be at least 1').max(10_000) }),
      z.strictObject({ kind: z.literal('selector'), selector }),
      z.strictObject({ kind: z.literal('nodes'), nodes: z.array(nodeName).min(1, 'must name at least one node').max(1000) }),
    ]),
    waves: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('percent'),
        percents: z
          .array(z.int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100'))
          .min(1, 'must have at least one wave')
          .max(20, 'must have at most 20 waves')
          .refine((ps) => ps.every((p, i) => i === 0 || p > ps[i - 1]!), 'must increase (cumulative percentages)')
          .refine((ps) => ps[ps.length - 1] === 100, 'must end at 100'),
      }),
      z.strictObject({ kind: z.literal('label'), label: labelKey }),
    ]),
    soakSeconds: z.int('must be an integer').min(0).max(86_400, 'must be at most a day'),
    maxRestarts: z.int('must be an integer').min(0).max(1000),
    readyTimeoutSeconds: z.int('must be an integer').min(1).max(86_400, 'must be at most a day'),
    autoAbort: z.boolean(),
  }),
  'A staged rollout plan: canary, waves, gates',
);

/** The new pod template as a whole (spec.template after the change): the API server validates the rest. */
const templateSchema = z.looseObject({
  metadata: z.looseObject({ labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).optional(),
  spec: z.looseObject({
    containers: z.array(z.looseObject({ name: z.string().min(1, 'must not be empty'), image: z.string().min(1, 'must not be empty') })).min(1, 'must have at least one container'),
  }),
});

export const stagedStartBody = z.strictObject({ template: templateSchema, plan: StagedPlanSchema });

export const StagedViewSchema = named(
  'StagedView',
  z.object({
    phase,
    step: count,
    steps: z.array(z.object({ name: z.string(), value: z.string().optional(), nodes: z.array(z.string()), state: z.enum(['done', 'current', 'pending']), updated: count })),
    plan: StagedPlanSchema,
    startedBy: z.string(),
    startedAt: z.string(),
    promoted: z.boolean(),
    reason: z.string().optional(),
    status: z.string(),
    soak: z.object({ since: z.number(), until: z.number() }).optional(),
    maxUnavailable: count,
  }),
);

export const StagedResponseSchema = named(
  'StagedResponse',
  z.object({
    context: z.string(),
    version: count,
    staged: StagedViewSchema.nullable(),
    lease: z.object({ holder: z.string(), renewTime: z.string().optional() }).nullable(),
    template: z.record(z.string(), z.unknown()).optional(),
    limits: z.array(z.string()).optional(),
  }),
);
