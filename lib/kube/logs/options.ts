import { z } from '@/lib/zod';

/**
 * Query parameters of the log routes, validated before anything is asked of the cluster: a bad
 * value is a 400 naming the parameter (lib/api/params.ts), never an API server round trip.
 */

/** A week: the longest `since` that still means "recently" (kubelets rotate logs well before). */
export const MAX_SINCE_SECONDS = 7 * 24 * 3600;
/** Lines a single node's view asks for at most (the viewer keeps 100,000 in memory). */
export const MAX_TAIL_LINES = 100_000;
/** Lines per node a search reads at most. */
export const MAX_SEARCH_TAIL_LINES = 10_000;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A DNS-1123 label, as container names are. */
const containerName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name (lower-case letters, digits and -)');

const count = (max: number, what: string) =>
  z
    .string()
    .regex(/^-?\d+$/, `must be a whole number of ${what}`)
    .transform(Number)
    .pipe(z.number().int().min(0, `must not be negative`).max(max, `must be at most ${max.toLocaleString('en-US')} ${what}`));

const seconds = z
  .string()
  .regex(/^-?\d+$/, 'must be a whole number of seconds')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1 second').max(MAX_SINCE_SECONDS, `must be at most ${MAX_SINCE_SECONDS} seconds (7 days)`));

export const nodeLogQuery = z.strictObject({
  container: containerName.optional(),
  tailLines: count(MAX_TAIL_LINES, 'lines').optional(),
  sinceSeconds: seconds.optional(),
  previous: flag.optional(),
  timestamps: flag.optional(),
  follow: flag.optional(),
});
export type NodeLogQuery = z.infer<typeof nodeLogQuery>;

/** Longest search pattern accepted (a pasted log line fits; a pasted file does not). */
export const MAX_PATTERN_LENGTH = 256;

/** The `nodes` filter rides in the URL: at most this long (well under Node's 16 KiB header limit). */
export const MAX_NODES_PARAM_CHARS = 8_000;

export const searchLogQuery = z.strictObject({
  pattern: z.string().min(1, 'must not be empty').max(MAX_PATTERN_LENGTH, `must be at most ${MAX_PATTERN_LENGTH} characters`),
  regex: flag.optional(),
  matchCase: flag.optional(),
  container: containerName.optional(),
  tailLines: count(MAX_SEARCH_TAIL_LINES, 'lines').optional(),
  sinceSeconds: seconds.optional(),
  previous: flag.optional(),
  /** Comma-separated node names: the grid's current filter; absent means every eligible node. */
  nodes: z
    .string()
    .max(MAX_NODES_PARAM_CHARS, `must be at most ${MAX_NODES_PARAM_CHARS.toLocaleString('en-US')} characters; search every node instead`)
    .transform((s) => s.split(',').map((n) => n.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be node names separated by commas')))
    .optional(),
});
export type SearchLogQuery = z.infer<typeof searchLogQuery>;
