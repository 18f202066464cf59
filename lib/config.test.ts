import { afterEach, describe, expect, it } from 'vitest';
import { config } from './config';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('config', () => {
  it('defaults: kubeconfig auth, writable, info logs, X-Forwarded-* headers', () => {
    delete process.env.EVERYNODE_READ_ONLY;
    delete process.env.EVERYNODE_AUTH_MODE;
    delete process.env.EVERYNODE_TRUSTED_PROXY_HEADERS;
    delete process.env.LOG_LEVEL;
    expect(config()).toMatchObject({
      EVERYNODE_READ_ONLY: false,
      EVERYNODE_AUTH_MODE: 'kubeconfig',
      EVERYNODE_TRUSTED_PROXY_HEADERS: { user: 'x-forwarded-user', groups: 'x-forwarded-groups' },
      LOG_LEVEL: 'info',
    });
  });

  it('reads booleans case-insensitively and rejects nonsense with the variable named', () => {
    process.env.EVERYNODE_READ_ONLY = 'TRUE';
    expect(config().EVERYNODE_READ_ONLY).toBe(true);
    process.env.EVERYNODE_READ_ONLY = 'perhaps';
    expect(() => config()).toThrow(/EVERYNODE_READ_ONLY/);
  });

  it('takes custom proxy header names, lower-cased', () => {
    process.env.EVERYNODE_TRUSTED_PROXY_HEADERS = 'X-Auth-Request-User, X-Auth-Request-Groups';
    expect(config().EVERYNODE_TRUSTED_PROXY_HEADERS).toEqual({ user: 'x-auth-request-user', groups: 'x-auth-request-groups' });
  });
});
