import { defineConfig } from 'vitest/config';
const root = '/work/main/';
const alias = { '@': root, 'server-only': root + 'test/server-only-stub.ts' };
export default defineConfig({ resolve: { alias }, test: { root, include: process.env.ONLY ? [process.env.ONLY] : ['test/integration/cache.test.ts', 'test/integration/routes-read.test.ts', 'test/integration/sse.test.ts'], fileParallelism: false, testTimeout: 180000, hookTimeout: 300000 } });
