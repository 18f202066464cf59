/**
 * Unit tests of the benchmark's pure parts: `npx vitest run --config scripts/bench/vitest.config.mts`.
 * (Kept apart from the root projects, whose globs cover lib/ and components/ only.)
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const alias = { '@': root, 'server-only': `${root}test/server-only-stub.ts` };

export default defineConfig({
  resolve: { alias },
  test: { name: 'bench', root, include: ['scripts/bench/**/*.test.ts'], environment: 'node' },
});
