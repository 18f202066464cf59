import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseGroups, proxyIdentity } from './identity';

const H = 'x-forwarded-groups';
const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

afterEach(() => {
  delete process.env.EVERYNODE_AUTH_MODE;
});

describe('parseGroups', () => {
  it('splits on commas only and percent-decodes each group', () => {
    expect(parseGroups('ops, sre', H)).toEqual(['ops', 'sre']);
    expect(parseGroups('cn%3Dops%2Cou%3Dgroups,dev', H)).toEqual(['cn=ops,ou=groups', 'dev']);
    expect(parseGroups('', H)).toEqual([]);
    expect(parseGroups('  ', H)).toEqual([]);
  });

  it('refuses a backslash-escaped comma instead of making system:masters out of it', () => {
    const e = refusal(() => parseGroups('cn=ops\\,system:masters', H));
    expect(e.status).toBe(400);
    expect(e.message).toBe('the x-forwarded-groups header is ambiguous: backslash escapes are not accepted; send each group percent-encoded (a comma in a name as %2C)');
  });

  it('refuses empty entries, broken escapes and unusable names', () => {
    expect(refusal(() => parseGroups('ops,,sre', H)).message).toBe('the x-forwarded-groups header is ambiguous: it has an empty entry between commas');
    expect(refusal(() => parseGroups('ops,', H)).status).toBe(400);
    expect(refusal(() => parseGroups('ops%2', H)).message).toBe('the x-forwarded-groups header holds a malformed percent escape');
    expect(refusal(() => parseGroups('ops%0Asystem:masters', H)).message).toBe('the x-forwarded-groups header holds an unusable group name');
    // Unusable (not ambiguous) is 401, as for an unusable user name: nobody usable is signed in.
    expect(refusal(() => parseGroups('%20', H)).status).toBe(401);
  });
});

describe('proxyIdentity', () => {
  const req = (headers: Record<string, string>) => new Request('http://console.local/api/x', { headers });

  it('reads percent-encoded groups from the header', () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    expect(proxyIdentity(req({ 'x-forwarded-user': 'alice', [H]: 'cn%3Dops%5C%2Csystem%3Amasters' }))).toEqual({ user: 'alice', groups: ['cn=ops\\,system:masters'] });
  });

  it('refuses a user header holding a comma (two header lines arrive joined with ", ")', () => {
    process.env.EVERYNODE_AUTH_MODE = 'proxy';
    const headers = new Headers();
    headers.append('x-forwarded-user', 'mallory');
    headers.append('x-forwarded-user', 'alice');
    const e = refusal(() => proxyIdentity(new Request('http://console.local/api/x', { headers })));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^the x-forwarded-user header is ambiguous/);
  });
});
