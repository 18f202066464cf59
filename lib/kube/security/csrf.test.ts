import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '@/lib/api/dto';
import { csrfRefusal } from './csrf';

const post = (headers: Record<string, string>, url = 'http://console.local:3000/api/x') => new Request(url, { method: 'POST', headers });

describe('csrfRefusal', () => {
  it('accepts a same-origin request carrying the CSRF header', () => {
    expect(csrfRefusal(post({ origin: 'http://console.local:3000', [CSRF_HEADER]: '1' }))).toBeUndefined();
  });

  it('compares against Host, then X-Forwarded-Host when a proxy fronts the server', () => {
    const viaHost = post({ origin: 'https://everynode.example', host: 'everynode.example', [CSRF_HEADER]: '1' }, 'http://10.0.0.1:3000/x');
    expect(csrfRefusal(viaHost)).toBeUndefined();
    const viaProxy = post({ origin: 'https://everynode.example', host: '10.0.0.1:3000', 'x-forwarded-host': 'everynode.example', [CSRF_HEADER]: '1' });
    expect(csrfRefusal(viaProxy)).toBeUndefined();
  });

  it('refuses another origin even with the CSRF header', () => {
    expect(csrfRefusal(post({ origin: 'http://evil.example', [CSRF_HEADER]: '1' }))).toBe('cross-origin request refused');
    expect(csrfRefusal(post({ origin: 'http://console.local:3001', [CSRF_HEADER]: '1' }))).toBe('cross-origin request refused');
  });

  it('refuses a missing, opaque or malformed Origin', () => {
    expect(csrfRefusal(post({ [CSRF_HEADER]: '1' }))).toMatch(/^cross-origin request refused/);
    expect(csrfRefusal(post({ origin: 'null', [CSRF_HEADER]: '1' }))).toMatch(/^cross-origin request refused/);
    expect(csrfRefusal(post({ origin: 'not a url', [CSRF_HEADER]: '1' }))).toMatch(/^cross-origin request refused/);
  });

  it('refuses a same-origin request without the header or with another value', () => {
    expect(csrfRefusal(post({ origin: 'http://console.local:3000' }))).toMatch(/^missing CSRF header/);
    expect(csrfRefusal(post({ origin: 'http://console.local:3000', [CSRF_HEADER]: 'true' }))).toMatch(/^missing CSRF header/);
  });
});
