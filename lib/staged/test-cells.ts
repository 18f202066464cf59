import type { Cell, DaemonPod } from '@/lib/coverage/types';

/** Plain cells for the staged-rollout unit tests (pure logic on plain objects). */
export interface PodSpec {
  revision?: 'current' | 'old';
  ready?: boolean;
  available?: boolean;
  restarts?: number;
  waitingReason?: string;
  createdAt?: string;
  startedAt?: string;
  terminating?: boolean;
}

export function pod(node: string, s: PodSpec = {}): DaemonPod {
  const ready = s.ready ?? true;
  const createdAt = s.createdAt ?? '2026-12-01T10:00:00Z';
  return {
    name: `agent-${node}-${s.revision ?? 'old'}`,
    uid: `uid-${node}-${s.revision ?? 'old'}`,
    node,
    phase: 'Running',
    ready,
    available: s.available ?? ready,
    revision: s.revision ?? 'old',
    hash: s.revision === 'current' ? 'new' : 'old',
    createdAt,
    ...(s.terminating ? { deletionTimestamp: '2026-12-01T10:00:01Z' } : {}),
    restarts: s.restarts ?? 0,
    ...(s.waitingReason ? { waitingReason: s.waitingReason } : {}),
    containers: [{ name: 'agent', image: 'x', ready, restartCount: s.restarts ?? 0, state: 'running', startedAt: s.startedAt ?? createdAt }],
  };
}

export function cell(node: string, pods: DaemonPod[], shouldRun = true): Cell {
  return { node, state: 'ready', shouldRun, shouldContinueRunning: shouldRun, reasons: [], pods };
}

export const nodeNames = (n: number, prefix = 'node-') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
