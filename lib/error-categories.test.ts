import { describe, expect, it } from 'vitest';
import { credentialsFailed, describeError, errorResponse, fromKubeError, logDetail, scrubSecrets } from './errors';

const sysError = (code: string, message: string) => Object.assign(new Error(message), { code });
/** node-fetch wraps the socket's error in a FetchError that copies its code; undici puts it in `cause`. */
const fetchError = (code: string, message: string) => Object.assign(new Error(`request to https://10.0.0.1:6443/apis failed, reason: ${message}`), { name: 'FetchError', code });
const undiciError = (cause: Error) => Object.assign(new TypeError('fetch failed'), { cause });

describe('fromKubeError categories', () => {
  it.each([
    [fetchError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 503, 'TLS: the API server certificate is not trusted'],
    [undiciError(sysError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')), 503, 'TLS: the API server certificate is not trusted'],
    [sysError('CERT_HAS_EXPIRED', 'certificate has expired'), 503, 'TLS: the API server certificate has expired or is not yet valid'],
    [sysError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 503, 'TLS: the API server certificate does not name this server'],
    [sysError('ERR_SSL_WRONG_VERSION_NUMBER', 'error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), 503, 'TLS: the handshake with the API server failed'],
    [fetchError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443'), 503, 'the Kubernetes API is unreachable: connection refused'],
    [sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.internal.corp'), 503, 'the Kubernetes API is unreachable: its host name does not resolve'],
    [sysError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:6443'), 504, 'the Kubernetes API is unreachable: no answer in time'],
    [Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), 504, 'the Kubernetes API is unreachable: no answer in time'],
    [sysError('ECONNRESET', 'socket hang up'), 503, 'the Kubernetes API is unreachable: the connection failed'],
  ])('%s → %i in fixed words', (err, status, words) => {
    expect(fromKubeError(err)).toMatchObject({ status, message: words, expose: true });
    expect(describeError(err)).toBe(words);
  });

  it('names a failed exec plugin without its stderr', () => {
    const stderr = 'POST https://admin:hunter2@sso.example/token failed: client_secret=s3cr3tvalue token=abc';
    const err = credentialsFailed('exec', new Error(stderr));
    expect(describeError(err)).toBe('the exec credential plugin failed');
    expect(fromKubeError(err)).toMatchObject({ status: 503, code: 'credentials_failed' });
  });

  it('never describes an unknown error by its message', () => {
    expect(describeError(new Error('open /home/me/.kube/token-file password=x'))).toBe('unexpected error (details in the server log)');
  });
});

describe('errorResponse', () => {
  it('answers the category, never the raw cause', async () => {
    const res = errorResponse(credentialsFailed('exec', new Error('client_secret=s3cr3tvalue')));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'credentials_failed', message: 'the exec credential plugin failed' } });
  });
});

describe('logDetail and scrubSecrets (what the server log keeps)', () => {
  it('keeps the cause chain and its code, with credentials removed', () => {
    const err = credentialsFailed('exec', Object.assign(new Error('https://admin:hunter2@sso.example/token client_secret=s3cr3tvalue api-key: k3y'), { code: 'EPLUGIN' }));
    const detail = logDetail(err);
    expect(detail.code).toBe('EPLUGIN');
    expect(detail.message).toContain('the exec credential plugin failed <- Error: https://[redacted]@sso.example/token');
    expect(detail.message).not.toMatch(/hunter2|s3cr3tvalue|k3y|admin/);
  });

  it('redacts userinfo in URLs and secret-named keys, leaving other text', () => {
    expect(scrubSecrets('see https://user:pa55@host:8443/x and CLIENT_SECRET=abc, refresh_token: "r1", password=p')).toBe(
      'see https://[redacted]@host:8443/x and CLIENT_SECRET=[redacted], refresh_token: "[redacted]", password=[redacted]',
    );
    expect(scrubSecrets('connect ECONNREFUSED 127.0.0.1:6443')).toBe('connect ECONNREFUSED 127.0.0.1:6443');
  });
});
