import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { emptyBody, parseBody, rollbackBody } from './params';

const post = (body: string, headers: Record<string, string>) => new Request('http://localhost/x', { method: 'POST', body, headers });

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseBody Content-Type', () => {
  it('refuses bodies not declared as application/json with 415, naming what came', async () => {
    for (const [type, named] of [
      ['text/plain', 'got text/plain'],
      ['application/x-www-form-urlencoded', 'got application/x-www-form-urlencoded'],
      ['multipart/form-data; boundary=x', 'got multipart/form-data'],
      ['application/jsonp', 'got application/jsonp'],
    ] as const) {
      const e = await refusal(parseBody(post('{"toRevision":1}', { 'content-type': type }), rollbackBody));
      expect(e.status).toBe(415);
      expect(e.message).toContain('Content-Type must be application/json');
      expect(e.message).toContain(named);
    }
  });

  it('refuses a missing Content-Type even with an empty body', async () => {
    const e = await refusal(parseBody(new Request('http://localhost/x', { method: 'POST' }), emptyBody));
    expect(e.status).toBe(415);
    expect(e.message).toBe('body: Content-Type must be application/json (none was sent)');
  });

  it('accepts application/json with parameters and in any case', async () => {
    await expect(parseBody(post('{"toRevision":2}', { 'content-type': 'Application/JSON; charset=utf-8' }), rollbackBody)).resolves.toEqual({ toRevision: 2 });
    await expect(parseBody(post('', { 'content-type': 'application/json' }), emptyBody)).resolves.toEqual({});
  });
});
