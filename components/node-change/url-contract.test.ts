import { describe, expect, it } from 'vitest';
import { changeFromQuery, changeQuery, withoutChange } from './url-contract';

describe('the prefilled node change URL contract', () => {
  it('reads repeatable label and taint arguments in kubectl syntax, percent-encoded', () => {
    const q = new URLSearchParams('change=node&label=zone%3Da&label=gpu-&taint=dedicated=gpu:NoExecute&taint=drain:NoSchedule-&cordon=true');
    expect(changeFromQuery(q)).toEqual({ labels: ['zone=a', 'gpu-'], taints: ['dedicated=gpu:NoExecute', 'drain:NoSchedule-'], unschedulable: true });
  });

  it('ignores the parameters unless change=node', () => {
    expect(changeFromQuery(new URLSearchParams('label=zone%3Da'))).toBeUndefined();
    expect(changeFromQuery(new URLSearchParams('change=agent&label=zone%3Da'))).toBeUndefined();
  });

  it('round-trips and can be taken off the URL, leaving the rest', () => {
    const spec = { taints: ['a=b:NoExecute'], labels: ['x=1', 'y-'], unschedulable: false };
    expect(changeFromQuery(new URLSearchParams(changeQuery(spec)))).toEqual(spec);
    expect(withoutChange(new URLSearchParams(`tab=pods&${changeQuery(spec)}`)).toString()).toBe('tab=pods');
  });
});
