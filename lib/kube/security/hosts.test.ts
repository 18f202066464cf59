import { describe, expect, it } from 'vitest';
import { hostPolicy, hostRefusal, malformedPath, parseHost } from './hosts';

const policy = (env: Record<string, string> = {}) => hostPolicy(env);

describe('parseHost', () => {
  it('reads names, IPv4 and bracketed IPv6, with an optional port, lower-cased', () => {
    expect(parseHost('Everynode.Example.COM:8443')).toEqual({ name: 'everynode.example.com', port: 8443 });
    expect(parseHost('127.0.0.1')).toEqual({ name: '127.0.0.1' });
    expect(parseHost('[::1]:3000')).toEqual({ name: '[::1]', port: 3000 });
    expect(parseHost('fd00::5')).toEqual({ name: '[fd00::5]' }); // a bare IPv6 address, as status.podIP gives it
    expect(parseHost('localhost.:3000')).toEqual({ name: 'localhost', port: 3000 }); // the trailing dot of an FQDN
  });

  it('refuses what is not a host: schemes, paths, user info, spaces, bad ports', () => {
    for (const bad of ['http://localhost', 'localhost/x', 'user@localhost', 'local host', 'localhost:0', 'localhost:70000', 'localhost:', '', '[::1', 'a..b']) {
      expect(parseHost(bad), bad).toBeUndefined();
    }
  });
});

describe('hostPolicy and hostRefusal', () => {
  it('serves the loopback names on any port, and refuses any other name with 421 naming the setting', () => {
    const p = policy();
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:8080', 'LOCALHOST', 'localhost.:3000']) expect(hostRefusal(p, host), host).toBeUndefined();
    const refusal = hostRefusal(p, 'evil.example:3000');
    expect(refusal).toEqual({ status: 421, message: expect.stringContaining('EVERYNODE_ALLOWED_HOSTS') });
    expect(refusal?.message).toContain('"evil.example:3000"');
    // Names that merely contain or resemble a loopback name are other names.
    for (const host of ['localhost.evil.example', 'evil-localhost', '127.0.0.1.nip.io', '127.0.0.2']) expect(hostRefusal(p, host)?.status, host).toBe(421);
  });

  it('refuses a missing or malformed Host with 400', () => {
    expect(hostRefusal(policy(), undefined)).toEqual({ status: 400, message: 'request has no Host header' });
    expect(hostRefusal(policy(), '')?.status).toBe(400);
    expect(hostRefusal(policy(), 'localhost:3000/evil')?.status).toBe(400);
    expect(hostRefusal(policy(), 'localhost, evil.example')?.status).toBe(400);
  });

  it('adds the configured names: exact, case-insensitive; with a port only that port', () => {
    const p = policy({ EVERYNODE_ALLOWED_HOSTS: ' everynode.everynode.svc , Console.Example.com:8443,everynode ' });
    expect(hostRefusal(p, 'everynode.everynode.svc')).toBeUndefined();
    expect(hostRefusal(p, 'everynode.everynode.svc:80')).toBeUndefined();
    expect(hostRefusal(p, 'EVERYNODE')).toBeUndefined();
    expect(hostRefusal(p, 'console.example.com:8443')).toBeUndefined();
    expect(hostRefusal(p, 'console.example.com:3000')?.status).toBe(421);
    expect(hostRefusal(p, 'console.example.com')?.status).toBe(421); // no port: 80/443, not 8443
    expect(hostRefusal(p, 'x.everynode.everynode.svc')?.status).toBe(421);
    expect(hostRefusal(policy({ EVERYNODE_ALLOWED_HOSTS: 'console.example.com:443' }), 'console.example.com')).toBeUndefined();
  });

  it('adds the address the server binds, but not an every-interface address', () => {
    expect(hostRefusal(policy({ HOSTNAME: '10.1.2.3' }), '10.1.2.3:3000')).toBeUndefined();
    expect(hostRefusal(policy({ HOST: 'devbox.lan' }), 'devbox.lan:3000')).toBeUndefined();
    expect(hostRefusal(policy({ __NEXT_PRIVATE_ORIGIN: 'http://192.168.0.7:3000' }), '192.168.0.7:3000')).toBeUndefined();
    const anywhere = policy({ HOSTNAME: '0.0.0.0', HOST: '::', __NEXT_PRIVATE_ORIGIN: 'http://[::]:3000' });
    expect(anywhere.allowed.map((h) => h.name)).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(hostRefusal(anywhere, '0.0.0.0:3000')?.status).toBe(421);
  });

  it("adds the pod's IP (downward API), IPv4 or IPv6", () => {
    expect(hostRefusal(policy({ EVERYNODE_POD_IP: '10.244.1.7' }), '10.244.1.7:3000')).toBeUndefined();
    expect(hostRefusal(policy({ EVERYNODE_POD_IP: 'fd00:10:244::7' }), '[fd00:10:244::7]:3000')).toBeUndefined();
    expect(() => policy({ EVERYNODE_POD_IP: 'not an ip' })).toThrow(/EVERYNODE_POD_IP/);
  });

  it('refuses a setting that is not a list of hosts, naming the setting and the entry', () => {
    expect(() => policy({ EVERYNODE_ALLOWED_HOSTS: 'https://console.example.com' })).toThrow(/EVERYNODE_ALLOWED_HOSTS: "https:\/\/console.example.com" is not a host name/);
    expect(() => policy({ EVERYNODE_ALLOWED_HOSTS: 'ok.example,*.example.com' })).toThrow(/EVERYNODE_ALLOWED_HOSTS: "\*.example.com": wildcards are not supported/);
    expect(() => policy({ EVERYNODE_ALLOWED_HOSTS: '*' })).toThrow(/wildcards/);
    expect(() => policy({ EVERYNODE_TRUST_FORWARDED_HOST: 'maybe' })).toThrow(/EVERYNODE_TRUST_FORWARDED_HOST/);
  });

  it('ignores X-Forwarded-Host unless trusted; trusted, every name in it must be allowed', () => {
    const untrusted = policy({ EVERYNODE_ALLOWED_HOSTS: 'console.example.com' });
    expect(hostRefusal(untrusted, 'localhost:3000', 'evil.example')).toBeUndefined();
    const trusted = policy({ EVERYNODE_ALLOWED_HOSTS: 'console.example.com', EVERYNODE_TRUST_FORWARDED_HOST: 'true' });
    expect(trusted.trustForwardedHost).toBe(true);
    expect(hostRefusal(trusted, 'localhost:3000', 'console.example.com')).toBeUndefined();
    expect(hostRefusal(trusted, 'localhost:3000', 'evil.example')).toEqual({ status: 421, message: expect.stringMatching(/^X-Forwarded-Host "evil.example"/) });
    expect(hostRefusal(trusted, 'localhost:3000', 'console.example.com, evil.example')?.status).toBe(421);
    // The Host itself is checked whatever the forwarded name says.
    expect(hostRefusal(trusted, 'evil.example', 'console.example.com')?.status).toBe(421);
  });
});

describe('malformedPath', () => {
  it('names a path whose percent-encoding does not decode', () => {
    expect(malformedPath('/api/clusters/%ff/coverage')).toMatch(/^malformed URL: the path "\/api\/clusters\/%ff\/coverage" has invalid percent-encoding/);
    expect(malformedPath('/nodes/%ff')).toBeDefined();
    expect(malformedPath('/nodes/%E0%A4%A')).toBeDefined();
    expect(malformedPath('/nodes/%')).toBeDefined();
  });

  it('passes well-formed paths, encoded or not', () => {
    for (const ok of ['/', '/nodes/worker-1', '/nodes/n%C3%A9ud', '/agents/kube-system/node%20exporter', '/api/clusters/kind-x%2Fy/coverage']) {
      expect(malformedPath(ok), ok).toBeUndefined();
    }
  });
});
