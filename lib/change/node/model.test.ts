import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatOp, parseLabelArg, parseNodeChange, parseTaintArg, toSpec } from './model';
import { labelValueProblem, qualifiedNameProblem } from './syntax';

const problem = (p: { ok: boolean; problem?: string }) => (p.ok ? undefined : p.problem);

describe('qualified names and label values, as the API server checks them', () => {
  it.each([
    ['dedicated', undefined],
    ['example.com/gpu', undefined],
    ['node-role.kubernetes.io/control-plane', undefined],
    ['My_Name.1', undefined],
    ['a b', 'name part must consist of'],
    ['-lead', 'name part must consist of'],
    ['/x', 'prefix part must be non-empty'],
    ['Example.com/x', 'prefix part must be a lowercase DNS-1123 subdomain'],
    ['a/b/c', 'a qualified name must be'],
    ['', 'name part must be non-empty'],
    ['x'.repeat(64), 'no more than 63 characters'],
  ])('key %j', (key, words) => {
    const p = qualifiedNameProblem(key);
    if (words === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(words);
  });

  it('label values may be empty, at most 63 characters, alphanumeric at both ends', () => {
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('v1.2_3-x')).toBeUndefined();
    expect(labelValueProblem('x'.repeat(63))).toBeUndefined();
    expect(labelValueProblem('x'.repeat(64))).toContain('no more than 63');
    expect(labelValueProblem('trailing-')).toContain('must be empty or');
    expect(labelValueProblem('a/b')).toContain('must be empty or');
  });
});

describe('kubectl taint arguments', () => {
  it('adds key=value:Effect and key:Effect', () => {
    expect(parseTaintArg('dedicated=gpu:NoExecute')).toEqual({ ok: true, value: { op: 'addTaint', key: 'dedicated', value: 'gpu', effect: 'NoExecute' } });
    expect(parseTaintArg('maintenance:PreferNoSchedule')).toEqual({ ok: true, value: { op: 'addTaint', key: 'maintenance', value: '', effect: 'PreferNoSchedule' } });
  });

  it('removes key:Effect- and key- (every effect), ignoring a value as kubectl does', () => {
    expect(parseTaintArg('dedicated:NoSchedule-')).toEqual({ ok: true, value: { op: 'removeTaint', key: 'dedicated', effect: 'NoSchedule' } });
    expect(parseTaintArg('dedicated-')).toEqual({ ok: true, value: { op: 'removeTaint', key: 'dedicated' } });
    expect(parseTaintArg('dedicated=gpu:NoExecute-')).toEqual({ ok: true, value: { op: 'removeTaint', key: 'dedicated', effect: 'NoExecute' } });
  });

  it('names the problem: unknown effect, missing effect, illegal key, bad value', () => {
    expect(problem(parseTaintArg('a=b:NoWay'))).toBe('taint "a=b:NoWay": unknown taint effect "NoWay" (must be one of NoSchedule, PreferNoSchedule, NoExecute)');
    expect(problem(parseTaintArg('a=b'))).toContain('must be key=value:Effect');
    expect(problem(parseTaintArg('bad key!=x:NoSchedule'))).toContain('key "bad key!": name part must consist of');
    expect(problem(parseTaintArg('a=b=c:NoSchedule'))).toContain('one "=" at most');
    expect(problem(parseTaintArg(`a=${'v'.repeat(64)}:NoSchedule`))).toContain('no more than 63');
    expect(problem(parseTaintArg('a:Sometimes-'))).toContain('unknown taint effect "Sometimes"');
  });
});

describe('kubectl label arguments', () => {
  it('sets key=value (empty value too) and removes key-', () => {
    expect(parseLabelArg('zone=a')).toEqual({ ok: true, value: { op: 'setLabel', key: 'zone', value: 'a' } });
    expect(parseLabelArg('node-role.kubernetes.io/edge=')).toEqual({ ok: true, value: { op: 'setLabel', key: 'node-role.kubernetes.io/edge', value: '' } });
    expect(parseLabelArg('zone-')).toEqual({ ok: true, value: { op: 'removeLabel', key: 'zone' } });
  });

  it('names the problem, shortening long values', () => {
    const long = parseLabelArg(`zone=${'v'.repeat(300)}`);
    expect(problem(long)).toMatch(/^label ".{80}…": value ".{80}…": must be no more than 63 characters$/);
    expect(problem(parseLabelArg('zone'))).toBe('label "zone": must be key=value, or key- to remove');
  });
});

describe('a whole change', () => {
  it('refuses an empty change and two ops on the same taint, label or cordon flag', () => {
    expect(problem(parseNodeChange({}))).toContain('the change is empty');
    expect(problem(parseNodeChange({ taints: ['a=b:NoSchedule', 'a-'] }))).toContain('touches taint a:NoSchedule twice');
    expect(problem(parseNodeChange({ labels: ['zone=a', 'zone-'] }))).toContain('touches label zone twice');
    // the same key with different effects are different taints
    expect(parseNodeChange({ taints: ['a=b:NoSchedule', 'a=b:NoExecute'] }).ok).toBe(true);
  });

  it('round-trips through the wire form (property)', () => {
    const key = fc.constantFrom('dedicated', 'example.com/gpu', 'zone', 'k.8-s_x');
    const value = fc.constantFrom('', 'a', 'gpu-1', 'v1.2');
    const effect = fc.constantFrom('NoSchedule' as const, 'PreferNoSchedule' as const, 'NoExecute' as const);
    const taint = fc.oneof(
      fc.record({ op: fc.constant('addTaint' as const), key, value, effect }),
      fc.record({ op: fc.constant('removeTaint' as const), key, effect }),
      fc.record({ op: fc.constant('removeTaint' as const), key }),
    );
    const label = fc.oneof(fc.record({ op: fc.constant('setLabel' as const), key, value }), fc.record({ op: fc.constant('removeLabel' as const), key }));
    fc.assert(
      fc.property(fc.uniqueArray(taint, { selector: (t) => t.key, maxLength: 3 }), fc.uniqueArray(label, { selector: (l) => l.key, maxLength: 3 }), fc.option(fc.boolean(), { nil: undefined }), (taints, labels, cordon) => {
        const ops = [...taints, ...labels, ...(cordon === undefined ? [] : [{ op: 'setUnschedulable' as const, unschedulable: cordon }])];
        fc.pre(ops.length > 0);
        const parsed = parseNodeChange(toSpec({ ops }));
        expect(parsed).toEqual({ ok: true, value: { ops } });
        for (const op of ops) expect(formatOp(op)).not.toBe('');
      }),
    );
  });
});
