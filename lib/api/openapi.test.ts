import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '@/lib/api/dto';
import { badRequest, errorResponse } from '@/lib/errors';
import { FOREIGN_HOST_STATUS, openApiDocument } from './openapi';
import { ErrorResponseSchema } from './schemas/responses';

const doc = openApiDocument();
const repo = path.resolve(__dirname, '../..');

/** Every route handler file under app/, as "METHOD /path/{param}" from its folder and exports. */
function routeFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'route.ts') {
        const route = '/' + path.relative(path.join(repo, 'app'), dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, '{$1}')).join('/');
        for (const m of readFileSync(full, 'utf8').matchAll(/export (?:(?:async )?function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push(`${m[1]} ${route}`);
      }
    }
  };
  walk(path.join(repo, 'app'));
  return out.sort();
}

const operations = () =>
  Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${p}`, path: p, method, op: op! })));

describe('OpenAPI document', () => {
  it('describes exactly the route handlers that exist, method by method', () => {
    expect(operations().map((o) => o.key).sort()).toEqual(routeFiles());
  });

  it('declares every path template parameter, and no other path parameter', () => {
    for (const { key, path: p, op } of operations()) {
      const inTemplate = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
      expect(declared, key).toEqual(inTemplate);
    }
  });

  it('resolves every $ref to a component schema', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const r of new Set(refs)) expect(doc.components.schemas[r.replace('#/components/schemas/', '')], r).toBeDefined();
  });

  it('requires Origin and the CSRF header on every mutation and documents their refusal', () => {
    // previews are POSTs too (the change is a body) but change nothing: tagged 'previews', not 'actions'
    const posts = operations().filter((o) => o.method === 'post' && o.op.tags.includes('actions'));
    expect(posts).toHaveLength(11);
    expect(operations().filter((o) => o.method === 'post' && !o.op.tags.includes('actions')).map((o) => o.op.tags)).toEqual([['previews'], ['previews'], ['previews']]);
    for (const { key, op } of posts) {
      const headers = (op.parameters ?? []).filter((x) => x.in === 'header' && x.required).map((x) => x.name);
      expect(headers, key).toEqual(['Origin', CSRF_HEADER]);
      for (const code of ['400', '403', '404', '409', '422', '429', '503']) expect(op.responses[code], `${key} ${code}`).toBeDefined();
    }
  });

  it('documents the foreign-Host refusal and malformed URLs on every route', () => {
    for (const { key, op } of operations()) {
      expect(op.responses[String(FOREIGN_HOST_STATUS)]?.content?.['application/json']?.schema, key).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
      expect(op.responses['400'], key).toBeDefined();
    }
  });

  it('takes parameter and body schemas from the validators (a rule changed there shows here)', () => {
    const rollback = doc.paths['/api/clusters/{ctx}/daemonsets/{ns}/{name}/rollback']?.post;
    const ns = rollback?.parameters?.find((x) => x.name === 'ns')?.schema;
    expect(ns).toMatchObject({ type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' });
    expect(rollback?.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      properties: { toRevision: { type: 'integer', exclusiveMinimum: 0 } },
      additionalProperties: false,
    });
  });

  it('matches what errorResponse really sends with its ErrorResponse schema', async () => {
    const body: unknown = await errorResponse(badRequest('ns: must be a DNS-1123 label')).json();
    expect(ErrorResponseSchema.parse(body)).toEqual({ error: { code: 'bad_request', message: 'ns: must be a DNS-1123 label' } });
    expect(() => ErrorResponseSchema.parse({ error: { code: 'x' } })).toThrow();
  });
});
