import 'server-only';
import { z } from '@/lib/zod';

const bool = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

const schema = z.object({
  /** Kubeconfig context used when nothing else is asked for; defaults to the current context. */
  EVERYNODE_CONTEXT: z.string().min(1).optional(),
  EVERYNODE_READ_ONLY: bool,
  /** `kubeconfig`: the kubeconfig identity acts. `proxy`: act as the user an auth proxy names. */
  EVERYNODE_AUTH_MODE: z.enum(['kubeconfig', 'proxy']).default('kubeconfig'),
  EVERYNODE_TRUSTED_PROXY_HEADERS: z
    .string()
    .default('X-Forwarded-User,X-Forwarded-Groups')
    .transform((v) => {
      const [user = 'X-Forwarded-User', groups = 'X-Forwarded-Groups'] = v.split(',').map((s) => s.trim().toLowerCase());
      return { user, groups };
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

/** Environment, parsed once per call; cheap, and lets tests change env between cases. */
export function config(): Config {
  const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
