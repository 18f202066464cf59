import { describe, expect, it } from 'vitest';
import type { AgentCauseDTO, CauseDTO, CoverageResponse, GridCellDTO } from '@/lib/api/dto';
import { ALL_RIGHTS, NO_RIGHTS, type NamespaceRights } from '@/lib/kube/security/rbac-rules';
import { filterCoverage, filterDaemonSet, type Visibility } from './read-filter';

const visibility = (r: Partial<NamespaceRights>): Visibility => ({ nodes: true, clusterEvents: true, rights: () => ({ ...NO_RIGHTS, daemonsets: true, ...r }) });
const cause: CauseDTO = { source: 'api-server', category: 'quota', label: 'creation refused: quota', message: 'exceeded quota: q', count: 3, lastSeen: '', object: 'DaemonSet/a FailedCreate', backoff: true, hint: 'raise it' };
const summaryCause: AgentCauseDTO = { ...cause, cells: 1 };
delete (summaryCause as Partial<CauseDTO>).hint;

const coverage = () =>
  ({
    context: 'c',
    version: 1,
    cache: { state: 'ready', version: 1 },
    nodes: { names: ['n1'], ready: 'R', cordoned: '0', labelPairs: [], labels: [[]] },
    agents: [{ namespace: 'ns', name: 'a', grid: 'M', causes: [summaryCause] }],
  }) as unknown as CoverageResponse;
const cell: GridCellDTO = { node: 'n1', state: 'missing', shouldRun: true, shouldContinueRunning: true, reasons: [], pods: [], cause };

describe('causes in proxy mode (they quote Events and pod conditions)', () => {
  it('keeps them for a person who may list events and pods there', () => {
    expect(filterCoverage(coverage(), visibility(ALL_RIGHTS), new Set()).agents[0]!.causes).toEqual([summaryCause]);
  });

  it('drops them without list events, or without list pods', () => {
    expect(filterCoverage(coverage(), visibility({ pods: true }), new Set()).agents[0]).not.toHaveProperty('causes');
    expect(filterCoverage(coverage(), visibility({ events: true }), new Set()).agents[0]).not.toHaveProperty('causes');
    const detail = { agent: { namespace: 'ns' }, nodes: coverage().nodes, cells: [cell], rollout: { blocking: { badNode: [], badPod: [] } }, revisions: [] };
    const out = filterDaemonSet(detail as never, visibility({ pods: true }), new Set());
    expect(out.cells[0]).not.toHaveProperty('cause');
    expect(filterDaemonSet(detail as never, visibility(ALL_RIGHTS), new Set()).cells[0]!.cause).toEqual(cause);
  });
});
