/** Runs once when the Next server starts (Node runtime only), before it serves a request. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installUnsupportedMethodHook } = await import('./lib/server/unsupported-method-hook');
  installUnsupportedMethodHook();
}
