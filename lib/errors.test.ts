import { describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { AppError, errorResponse, fromKubeError, scrubSecrets } from './errors';

const status = (code: number, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });

describe('fromKubeError', () => {
  it.each([
    [403, 'daemonsets.apps "x" is forbidden: User "alice" cannot patch resource', 403, 'forbidden'],
    [404, 'daemonsets.apps "x" not found', 404, 'not_found'],
    [409, 'Operation cannot be fulfilled on daemonsets.apps "x": the object has been modified', 409, 'conflict'],
    [422, 'DaemonSet.apps "x" is invalid: spec.template.spec.containers: Required value', 422, 'invalid'],
    [429, 'Too many requests', 429, 'too_many_requests'],
    [503, 'service unavailable', 502, 'upstream_error'],
  ])('maps ApiException %i to %i with the API server’s own words', (code, message, wantStatus, wantCode) => {
    const err = fromKubeError(new ApiException(code, 'Unknown API Status Code!', status(code, message), { authorization: 'Bearer secret-token' }));
    expect(err).toMatchObject({ status: wantStatus, code: wantCode, expose: true, message });
  });

  it('never carries response headers (which may hold credentials) into the message', () => {
    const err = fromKubeError(new ApiException(403, 'x', '', { authorization: 'Bearer abc.def.ghi' }));
    expect(err.message).not.toContain('abc.def');
    expect(err.message).toBe('forbidden by Kubernetes RBAC');
  });

  it('names unreachable API servers and hides unknown errors', () => {
    expect(fromKubeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503, expose: true });
    expect(fromKubeError(new TypeError('cannot read x of undefined'))).toMatchObject({ status: 500, expose: false, message: 'internal error' });
  });

  it('passes AppErrors through', () => {
    const e = new AppError('bad_request', 'ns: must be a DNS-1123 label', 400);
    expect(fromKubeError(e)).toBe(e);
  });
});

describe('scrubSecrets', () => {
  it('removes bearer tokens, JWTs and key material', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJl';
    const text = scrubSecrets(`Authorization: Bearer abcdef123 token=s3cr3t ${jwt} client-key-data: LS0tLS1CRUdJTg==`);
    expect(text).not.toMatch(/abcdef123|s3cr3t|eyJzdWIi|LS0tLS1CRUdJTg/);
  });
});

describe('errorResponse', () => {
  it('answers JSON ErrorResponse with the status; unknown errors say only "internal error"', async () => {
    const res = errorResponse(new AppError('not_found', 'unknown context "x"', 404));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'unknown context "x"' } });
    const hidden = errorResponse(new Error('ENOENT /root/.kube/config token=abc'));
    expect(hidden.status).toBe(500);
    expect(await hidden.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
  });
});
