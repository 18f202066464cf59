import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertWritable, proxyIdentity } from './identity';

const req = (headers: Record<string, string>) => new Request('http://console.local/api/x', { headers });
const status = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.status : 'not an AppError';
  }
};

afterEach(() => {
  delete process.env.EVERYNODE_AUTH_MODE;
  delete process.env.EVERYNODE_TRUSTED_PROXY_HEADERS;
  delete process.env.EVERYNODE_READ_ONLY;
});

describe('proxyIdentity', () => {
  it('ignores proxy headers in kubeconfig mode (they could be forged by anyone)', () => {
    expect(proxyIdentity(req({ 'x-forwarded-user': 'mallory', 'x-forwarded-groups': 'system:masters' }))).toBeUndefined();
  });

  it('reads user and comma-separated groups in proxy mode', () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    expect(proxyIdentity(req({ 'x-forwarded-user': ' alice@example.com ', 'x-forwarded-groups': 'ops, sre' }))).toEqual({
      user: 'alice@example.com',
      groups: ['ops', 'sre'],
    });
  });

  it('honours the configured header names', () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    process.env.EVERYNODE_TRUSTED_PROXY_HEADERS = 'X-Auth-Request-User,X-Auth-Request-Groups';
    expect(proxyIdentity(req({ 'x-auth-request-user': 'bob', 'x-auth-request-groups': 'dev' }))).toEqual({ user: 'bob', groups: ['dev'] });
    expect(status(() => proxyIdentity(req({ 'x-forwarded-user': 'bob' })))).toBe(401);
  });

  it('answers 401 for a missing, blank or unusable user', () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    expect(status(() => proxyIdentity(req({})))).toBe(401);
    expect(status(() => proxyIdentity(req({ 'x-forwarded-user': '   ' })))).toBe(401);
    expect(status(() => proxyIdentity(req({ 'x-forwarded-user': 'x'.repeat(300) })))).toBe(401);
  });
});

describe('assertWritable', () => {
  it('refuses with 403 only in read-only mode', () => {
    expect(status(assertWritable)).toBeUndefined();
    process.env.EVERYNODE_READ_ONLY = 'true';
    expect(status(assertWritable)).toBe(403);
  });
});
