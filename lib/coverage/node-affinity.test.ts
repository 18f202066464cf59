import { describe, expect, it } from 'vitest';
import type { KNodeSelectorTerm } from './k8s';
import { compileNodeSelector, explainNodeSelectorMismatch, nodeSelectorFailures, nodeSelectorMatches, parseInt64 } from './node-affinity';

const match = (terms: KNodeSelectorTerm[], labels: Record<string, string> | undefined, name = 'n1') => nodeSelectorMatches(compileNodeSelector({ nodeSelectorTerms: terms }), labels, name);
const expr = (key: string, operator: string, values?: string[]): KNodeSelectorTerm => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

describe('required node affinity (nodeaffinity.LazyErrorNodeSelector)', () => {
  it.each<[string, KNodeSelectorTerm, Record<string, string> | undefined, boolean]>([
    ['In matches a listed value', expr('zone', 'In', ['a', 'b']), { zone: 'b' }, true],
    ['In rejects other value', expr('zone', 'In', ['a']), { zone: 'c' }, false],
    ['In rejects missing label', expr('zone', 'In', ['a']), {}, false],
    ['NotIn matches missing label', expr('zone', 'NotIn', ['a']), {}, true],
    ['NotIn rejects listed value', expr('zone', 'NotIn', ['a']), { zone: 'a' }, false],
    ['Exists with empty value', expr('edge', 'Exists'), { edge: '' }, true],
    ['Exists without label', expr('edge', 'Exists'), undefined, false],
    ['DoesNotExist with label', expr('edge', 'DoesNotExist'), { edge: '' }, false],
    ['DoesNotExist without label', expr('edge', 'DoesNotExist'), {}, true],
    ['Gt greater', expr('cores', 'Gt', ['8']), { cores: '16' }, true],
    ['Gt equal', expr('cores', 'Gt', ['8']), { cores: '8' }, false],
    ['Lt smaller', expr('cores', 'Lt', ['8']), { cores: '4' }, true],
    ['Lt with + sign and leading zero (ParseInt accepts)', expr('cores', 'Lt', ['+08']), { cores: '007' }, true],
    ['Gt label not an integer', expr('cores', 'Gt', ['1']), { cores: 'many' }, false],
    ['Gt requirement not an integer → term invalid', expr('cores', 'Gt', ['x']), { cores: '5' }, false],
    ['Gt with two values → invalid', expr('cores', 'Gt', ['1', '2']), { cores: '5' }, false],
    ['In with no values → invalid', expr('zone', 'In', []), { zone: 'a' }, false],
    ['Exists with values → invalid', expr('zone', 'Exists', ['a']), { zone: 'a' }, false],
    ['unknown operator → invalid', expr('zone', 'Equals', ['a']), { zone: 'a' }, false],
    ['matchFields metadata.name In', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }, {}, true],
    ['matchFields metadata.name NotIn', { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }, {}, false],
    ['matchFields other node', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }, {}, false],
    ['matchFields two values → invalid', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] }, {}, false],
    ['matchFields Exists → invalid', { matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }, {}, false],
    ['expressions and fields are ANDed', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }, { zone: 'b' }, false],
  ])('%s', (_name, term, labels, want) => {
    expect(match([term], labels)).toBe(want);
  });

  it('ORs terms and skips an invalid one', () => {
    expect(match([expr('zone', 'Gt', ['x']), expr('zone', 'In', ['a'])], { zone: 'a' })).toBe(true);
  });
  it('matches nothing when every term is empty, or there are none', () => {
    expect(match([{}], { zone: 'a' })).toBe(false);
    expect(match([{ matchExpressions: [] }], { zone: 'a' })).toBe(false);
    expect(match([], { zone: 'a' })).toBe(false);
  });
  it('ignores an empty term next to a matching one', () => {
    expect(match([{}, expr('zone', 'In', ['a'])], { zone: 'a' })).toBe(true);
  });
  it('names the failing expression and what the node has', () => {
    const c = compileNodeSelector({ nodeSelectorTerms: [expr('node-role.kubernetes.io/edge', 'DoesNotExist')] });
    expect(explainNodeSelectorMismatch(c, { 'node-role.kubernetes.io/edge': '' }, 'n1')).toEqual(['node affinity: node-role.kubernetes.io/edge DoesNotExist (node has node-role.kubernetes.io/edge="")']);
    const two = compileNodeSelector({ nodeSelectorTerms: [expr('zone', 'In', ['a', 'b']), expr('cores', 'Gt', ['x'])] });
    expect(explainNodeSelectorMismatch(two, {}, 'n1')).toEqual(['node affinity term 1: zone In [a,b] (label missing)', 'node affinity term 2: invalid cores Gt x: the value must be an integer']);
  });
});

describe('nodeSelector', () => {
  it('needs every pair, reporting the actual value or its absence', () => {
    expect(nodeSelectorFailures({ a: '1', b: '2' }, { a: '1', b: '3' })).toEqual([{ key: 'b', want: '2', actual: '3' }]);
    expect(nodeSelectorFailures({ a: '' }, {})).toEqual([{ key: 'a', want: '', actual: undefined }]);
    expect(nodeSelectorFailures({ a: '' }, { a: '' })).toEqual([]);
  });
});

describe('parseInt64', () => {
  it.each([
    ['42', 42n],
    ['-42', -42n],
    ['+7', 7n],
    ['9223372036854775807', 9223372036854775807n],
    ['9223372036854775808', undefined],
    ['1.5', undefined],
    ['', undefined],
  ])('%s', (s, want) => expect(parseInt64(s)).toBe(want));
});
