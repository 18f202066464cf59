import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress, FORWARDED_HEADER, PEER_HEADER, UNKNOWN_CLIENT } from './client-address';
import { limits, streamLifetimeMs } from './config';
import { RateLimiter } from './rate-limit';
import { StreamGate } from './stream-gate';

const headers = (peer?: string, forwarded?: string) =>
  new Headers({ ...(peer !== undefined ? { [PEER_HEADER]: peer } : {}), ...(forwarded !== undefined ? { [FORWARDED_HEADER]: forwarded } : {}) });

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(headers('10.0.0.9', '1.2.3.4'), 0)).toBe('10.0.0.9');
    expect(clientAddress(headers('::ffff:10.0.0.9'), 0)).toBe('10.0.0.9');
  });

  it('takes the hop the trusted proxies vouch for, ignoring what the client prepended', () => {
    // client 203.0.113.7 forged "6.6.6.6"; the proxy (peer 127.0.0.1) appended what it saw.
    expect(clientAddress(headers('127.0.0.1', '6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    // Ingress (10.1.1.1) then sidecar (127.0.0.1): two trusted hops.
    expect(clientAddress(headers('127.0.0.1', '6.6.6.6, 203.0.113.7, 10.1.1.1'), 2)).toBe('203.0.113.7');
    // Fewer hops than trusted proxies: the leftmost anyone vouched for.
    expect(clientAddress(headers('127.0.0.1'), 1)).toBe('127.0.0.1');
  });

  it('is unknown without the peer stamp (the request did not come through the HTTP server)', () => {
    expect(clientAddress(headers(undefined, '1.2.3.4'), 1)).toBe(UNKNOWN_CLIENT);
  });
});

describe('StreamGate', () => {
  const l = { maxStreams: 3, maxStreamsPerClient: 2 };

  it('refuses past the per-client cap with 429 and past the global cap with 503, in words', () => {
    const gate = new StreamGate();
    const a1 = gate.admit('a', l);
    const a2 = gate.admit('a', l);
    expect(a1.ok && a2.ok).toBe(true);
    const a3 = gate.admit('a', l);
    expect(a3).toMatchObject({ ok: false, status: 429, code: 'too_many_streams' });
    expect(!a3.ok && a3.message).toMatch(/too many live streams from your address \(2 open, at most 2\)/);
    expect(gate.admit('b', l).ok).toBe(true);
    const c = gate.admit('c', l);
    expect(c).toMatchObject({ ok: false, status: 503, code: 'server_busy' });
    expect(!c.ok && c.message).toMatch(/limit of 3 live streams/);
    expect(gate.open).toBe(3);
  });

  it('frees a slot on release, once, and forgets clients with nothing open', () => {
    const gate = new StreamGate();
    const a = gate.admit('a', l);
    if (!a.ok) throw new Error('refused');
    a.release();
    a.release();
    expect(gate.open).toBe(0);
    expect(gate.openFor('a')).toBe(0);
    expect(gate.admit('a', l).ok && gate.admit('a', l).ok).toBe(true);
  });
});

describe('RateLimiter', () => {
  it('allows a burst of a quarter of the minute, then one request per 60/perMinute s', () => {
    const r = new RateLimiter();
    const t = 1_000_000;
    for (let i = 0; i < 30; i++) expect(r.take('a', 120, t).ok).toBe(true);
    const refused = r.take('a', 120, t);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(r.take('b', 120, t).ok).toBe(true); // another client has its own bucket
    expect(r.take('a', 120, t + 499).ok).toBe(false);
    expect(r.take('a', 120, t + 1_000).ok).toBe(true);
  });
});

describe('limits', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the environment, falling back to defaults on nonsense', () => {
    process.env.EVERYNODE_SSE_MAX_STREAMS = '50';
    process.env.EVERYNODE_SSE_MAX_STREAMS_PER_CLIENT = 'many';
    process.env.EVERYNODE_SSE_MAX_LIFETIME_SECONDS = '0';
    expect(limits()).toMatchObject({ sseMaxStreams: 50, sseMaxStreamsPerClient: 20, sseMaxLifetimeMs: 900_000, trustedProxies: 0 });
  });

  it('jitters a lifetime downwards, within the jitter', () => {
    const l = { sseMaxLifetimeMs: 900_000, sseLifetimeJitter: 0.2 };
    expect(streamLifetimeMs(l, 0)).toBe(900_000);
    expect(streamLifetimeMs(l, 1)).toBe(720_000);
  });
});
