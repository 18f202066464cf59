'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { StagedViewDTO } from '@/lib/api/dto';

/** How a node stands in an active staged rollout: in the current step, or waiting for a later one. */
export type StagedMark = 'current' | 'waiting';

const MarksContext = createContext<ReadonlyMap<string, StagedMark> | undefined>(undefined);

/** Marks for the grid from an active plan (none for a finished one). */
export function stagedMarks(view: StagedViewDTO | null | undefined): ReadonlyMap<string, StagedMark> | undefined {
  if (!view || (view.phase !== 'running' && view.phase !== 'paused')) return undefined;
  const marks = new Map<string, StagedMark>();
  for (const s of view.steps) {
    if (s.state === 'done') continue;
    for (const n of s.nodes) marks.set(n, s.state === 'current' ? 'current' : 'waiting');
  }
  return marks;
}

export function StagedMarksProvider({ view, children }: { view: StagedViewDTO | null | undefined; children: ReactNode }) {
  const marks = useMemo(() => stagedMarks(view), [view]);
  return <MarksContext.Provider value={marks}>{children}</MarksContext.Provider>;
}

export const useStagedMark = (node: string): StagedMark | undefined => useContext(MarksContext)?.get(node);
