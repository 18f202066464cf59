import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { resetKubeConfig } from '@/lib/kube/contexts';
import { MAX_BODY_BYTES, daemonSetParams, nodeParams, parseBody, parseParams, rollbackBody } from './params';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]
users: [{ name: u, user: { token: not-a-real-token } }]
contexts: [{ name: kind-dev, context: { cluster: c, user: u } }, { name: 'arn:aws:eks:eu-west-1:1:cluster/prod', context: { cluster: c, user: u } }]
current-context: kind-dev
`;

beforeAll(() => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'everynode-params-')), 'config');
  fs.writeFileSync(file, KUBECONFIG);
  process.env.KUBECONFIG = file;
  resetKubeConfig();
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('parseParams', () => {
  it('accepts valid names and existing contexts, including ones with colons and slashes', async () => {
    await expect(parseParams({ ctx: 'arn:aws:eks:eu-west-1:1:cluster/prod', ns: 'kube-system', name: 'node-exporter.v2' }, daemonSetParams)).resolves.toEqual({
      ctx: 'arn:aws:eks:eu-west-1:1:cluster/prod',
      ns: 'kube-system',
      name: 'node-exporter.v2',
    });
  });

  it('404s an unknown context, naming it', async () => {
    const e = await rejection(parseParams({ ctx: 'prod', node: 'n1' }, nodeParams));
    expect(e.status).toBe(404);
    expect(e.message).toContain('"prod"');
  });

  it('400s names that are not DNS-1123, naming the parameter', async () => {
    for (const [params, field] of [
      [{ ctx: 'kind-dev', ns: 'Kube-System', name: 'x' }, 'ns'],
      [{ ctx: 'kind-dev', ns: 'a.b', name: 'x' }, 'ns'],
      [{ ctx: 'kind-dev', ns: 'x', name: '-leading' }, 'name'],
      [{ ctx: 'kind-dev', ns: 'x', name: 'a'.repeat(254) }, 'name'],
      [{ ctx: 'kind-dev', ns: 'x', name: '../etc' }, 'name'],
    ] as const) {
      const e = await rejection(parseParams(params, daemonSetParams));
      expect(e.status).toBe(400);
      expect(e.message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it('never lets an arbitrary string through as a node name unless it is a DNS-1123 subdomain', async () => {
    const dns = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (node) => {
        const ok = await parseParams({ ctx: 'kind-dev', node }, nodeParams).then(
          () => true,
          (e: AppError) => {
            expect(e.status).toBe(400);
            return false;
          },
        );
        expect(ok).toBe(node.length <= 253 && dns.test(node));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseBody', () => {
  const post = (body: string, headers: Record<string, string> = {}) => new Request('http://localhost/x', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('reads an optional positive integer revision; empty body is {}', async () => {
    await expect(parseBody(post('{"toRevision":3}'), rollbackBody)).resolves.toEqual({ toRevision: 3 });
    await expect(parseBody(post(''), rollbackBody)).resolves.toEqual({});
  });

  it('400s invalid JSON, unknown fields and wrong types', async () => {
    for (const body of ['{', '{"toRevision":"3"}', '{"toRevision":-1}', '{"toRevision":1.5}', '{"extra":1}', '[]']) {
      const e = await rejection(parseBody(post(body), rollbackBody));
      expect(e.status).toBe(400);
    }
  });

  it('413s bodies over 16 KiB, by declared length and by bytes read', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await rejection(parseBody(post(big), rollbackBody))).status).toBe(413);
    const lying = new Request('http://localhost/x', { method: 'POST', body: big, headers: { 'content-type': 'application/json', 'content-length': '10' } });
    expect((await rejection(parseBody(lying, rollbackBody))).status).toBe(413);
  });
});
