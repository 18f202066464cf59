import { describe, expect, it } from 'vitest';
import { causeLabels, hasCause, type OverviewAgent } from './summarise';

describe('cause labels (the overview filter)', () => {
  const agent = (name: string, causes: { label: string; cells: number }[]) => ({ name, causes }) as unknown as OverviewAgent;
  it('sums the cells each label explains across agents, most first', () => {
    const agents = [
      agent('a', [{ label: 'cannot fit: memory', cells: 2 }]),
      agent('b', [
        { label: 'creation refused: quota', cells: 1 },
        { label: 'cannot fit: memory', cells: 3 },
      ]),
      agent('c', []),
    ];
    expect(causeLabels(agents)).toEqual([
      { label: 'cannot fit: memory', cells: 5 },
      { label: 'creation refused: quota', cells: 1 },
    ]);
    expect(agents.filter((a) => hasCause(a, 'creation refused: quota')).map((a) => a.name)).toEqual(['b']);
  });
});
