import { describe, expect, it } from 'vitest';
import { labelSelectorString } from './selector';

describe('labelSelectorString', () => {
  it('joins matchLabels and every expression operator', () => {
    expect(
      labelSelectorString({
        matchLabels: { app: 'agent', tier: 'node' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'managed', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=agent,tier=node,zone in (a,b),env notin (dev),managed,!legacy');
  });
  it('selects everything when empty', () => {
    expect(labelSelectorString(undefined)).toBe('');
    expect(labelSelectorString({})).toBe('');
  });
});
