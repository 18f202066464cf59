import { z } from '@/lib/zod';
import { imageReferenceProblem, intOrPercentProblem, isInt64, labelKeyProblem, labelValueProblem } from './syntax';

/**
 * The change a person asks for, as the form (or automation) sends it: each field present means
 * "set this", each absent one "leave it". Lists and maps are sent whole (tolerations, the
 * nodeSelector, the affinity terms), as the form shows them whole. Every rule that the API server
 * would refuse with a 422 and that can be known from the text alone is checked here, with the
 * field path in the message.
 */

/** Issues are attached with a path below the field that holds them, so the message names it. */
const problem = (ctx: z.RefinementCtx, message: string | undefined, path: (string | number)[] = []) => {
  if (message) ctx.addIssue({ code: 'custom', message, path });
};

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const containerName = text(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name (DNS-1123 label)');
const image = text(4096).superRefine((v, ctx) => problem(ctx, imageReferenceProblem(v)));

export const imagesSchema = z
  .record(containerName, image)
  .refine((m) => Object.keys(m).length <= 64, 'at most 64 containers');

const intOrPercent = z.union([z.number(), z.string().max(8, 'must be at most 8 characters')]).superRefine((v, ctx) => problem(ctx, intOrPercentProblem(v)));

export const strategySchema = z.discriminatedUnion('type', [
  z
    .strictObject({ type: z.literal('RollingUpdate'), maxUnavailable: intOrPercent.optional(), maxSurge: intOrPercent.optional() })
    .superRefine((s, ctx) => {
      const zero = (v: number | string | undefined, fallback: number) => (v === undefined ? fallback === 0 : v === 0 || v === '0%');
      // The API server refuses both at 0 (nothing could ever be replaced).
      if (zero(s.maxUnavailable, 1) && zero(s.maxSurge, 0)) problem(ctx, 'may not be 0 when maxSurge is 0', ['maxUnavailable']);
    }),
  z.strictObject({ type: z.literal('OnDelete') }),
]);

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export const tolerationSchema = z
  .strictObject({
    key: text(317).optional(),
    operator: z.enum(['Exists', 'Equal'], 'must be Exists or Equal').optional(),
    value: text(63).optional(),
    effect: z.enum(['', ...EFFECTS], 'must be NoSchedule, PreferNoSchedule, NoExecute or empty (all effects)').optional(),
    tolerationSeconds: z.number('must be a whole number of seconds').int('must be an integer').min(-(2 ** 53) + 1).max(2 ** 53 - 1).optional(),
  })
  .superRefine((t, ctx) => {
    const key = t.key ?? '';
    const operator = t.operator ?? 'Equal';
    if (key !== '') problem(ctx, labelKeyProblem(key), ['key']);
    // the API server: an empty key tolerates every taint, which only Exists may say
    if (key === '' && operator !== 'Exists') problem(ctx, 'an empty key matches every taint: the operator must be Exists', ['operator']);
    if (operator === 'Exists' && (t.value ?? '') !== '') problem(ctx, 'must be empty when the operator is Exists', ['value']);
    if (operator === 'Equal') problem(ctx, labelValueProblem(t.value ?? ''), ['value']);
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') problem(ctx, 'only a NoExecute toleration may have tolerationSeconds', ['tolerationSeconds']);
  });

export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;

export const requirementSchema = z
  .strictObject({
    key: text(317),
    operator: z.enum(OPERATORS, `must be one of ${OPERATORS.join(', ')}`),
    values: z.array(text(63)).max(256, 'at most 256 values').optional(),
  })
  .superRefine((r, ctx) => {
    problem(ctx, labelKeyProblem(r.key), ['key']);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) problem(ctx, `${r.operator} needs at least one value`, ['values']);
        values.forEach((v, i) => problem(ctx, labelValueProblem(v), ['values', i]));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) problem(ctx, `${r.operator} takes no values`, ['values']);
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) problem(ctx, `${r.operator} takes exactly one value`, ['values']);
        else if (!isInt64(values[0]!)) problem(ctx, `${r.operator} needs an integer value (got "${values[0]}")`, ['values', 0]);
        break;
    }
  });

/** matchFields: the API server accepts only metadata.name with In/NotIn and exactly one value. */
const fieldRequirementSchema = z
  .strictObject({ key: z.literal('metadata.name', 'only metadata.name may be matched'), operator: z.enum(['In', 'NotIn'], 'must be In or NotIn'), values: z.array(text(253)).length(1, 'takes exactly one value') });

export const termSchema = z
  .strictObject({ matchExpressions: z.array(requirementSchema).max(64).optional(), matchFields: z.array(fieldRequirementSchema).max(8).optional() })
  .refine((t) => (t.matchExpressions?.length ?? 0) + (t.matchFields?.length ?? 0) > 0, 'a term needs at least one expression (an empty term matches no node)');

export const nodeSelectorSchema = z
  .record(text(317), text(63))
  .superRefine((m, ctx) => {
    for (const [k, v] of Object.entries(m)) {
      problem(ctx, labelKeyProblem(k), [k]);
      problem(ctx, labelValueProblem(v), [k]);
    }
  });

export const agentPatchSchema = z.strictObject({
  /** Image per container name (init containers included). */
  images: imagesSchema.optional(),
  strategy: strategySchema.optional(),
  minReadySeconds: z.number('must be a whole number of seconds').int('must be an integer').min(0, 'must not be negative').max(2 ** 31 - 1).optional(),
  /** The template's whole toleration list ([] removes them all). */
  tolerations: z.array(tolerationSchema).max(128, 'at most 128 tolerations').optional(),
  /** The template's whole nodeSelector ({} removes it). */
  nodeSelector: nodeSelectorSchema.optional(),
  /** Required node affinity terms (ORed); null removes the requirement. */
  requiredNodeAffinity: z.array(termSchema).max(32, 'at most 32 terms').min(1, 'needs at least one term; send null to remove the requirement').nullable().optional(),
  /** The whole pod template as YAML, the escape hatch; the fields above are applied on top of it. */
  templateYaml: text(48 * 1024).optional(),
  /** Written to the kubernetes.io/change-cause annotation (the revision history shows it). */
  changeCause: text(1024).regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/, 'must not contain control characters').optional(),
});

export type AgentPatch = z.infer<typeof agentPatchSchema>;
export type TolerationInput = z.infer<typeof tolerationSchema>;
export type RequirementInput = z.infer<typeof requirementSchema>;
export type TermInput = z.infer<typeof termSchema>;

/** The apply request: the change plus the resourceVersion its preview was computed on. */
export const agentChangeSchema = agentPatchSchema.extend({
  resourceVersion: z.string().min(1, 'must not be empty').max(64).regex(/^[0-9]+$/, 'must be the resourceVersion the preview answered'),
});
export type AgentChange = z.infer<typeof agentChangeSchema>;
