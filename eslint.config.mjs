import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import pluginQuery from '@tanstack/eslint-plugin-query';

export default [
  ...nextVitals,
  ...nextTs,
  ...pluginQuery.configs['flat/recommended'],
  {
    // lib/zod.ts configures zod for the browser's CSP before any schema is built (see there).
    files: ['app/**', 'components/**', 'lib/**'],
    ignores: ['lib/zod.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'zod', message: "import { z } from '@/lib/zod' (CSP-safe in the browser)", allowTypeImports: true }] }] },
  },
  { ignores: ['.next/**', 'node_modules/**', '.artifacts/**', 'bench-results/**', 'cluster/build/**', 'next-env.d.ts'] },
];
