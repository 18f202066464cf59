import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import pluginQuery from '@tanstack/eslint-plugin-query';

export default [
  ...nextVitals,
  ...nextTs,
  ...pluginQuery.configs['flat/recommended'],
  { ignores: ['.next/**', 'node_modules/**', '.artifacts/**', 'bench-results/**', 'cluster/build/**', 'next-env.d.ts'] },
];
