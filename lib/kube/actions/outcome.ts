import type { AuditRecord, AuditResult } from '@/lib/kube/audit';

/** What an action did, before it becomes an ActionResponse and an audit record. */
export interface ActionOutcome {
  /** kubectl-style answer, e.g. "daemonset.apps/node-exporter restarted". */
  message: string;
  changed: boolean;
  /** UID of the DaemonSet acted on (audit Events point at it). */
  uid?: string;
  /**
   * The DaemonSet's metadata.generation as the action left it (see repeat-guard). Generation,
   * not resourceVersion: the controller's status writes move resourceVersion all through a
   * rollout, while generation moves only when the spec changes.
   */
  state?: string;
  /** Facts for the audit record (revision restored, pods deleted). */
  detail?: Record<string, string | number>;
  /**
   * An action on several objects (a change of many nodes): one audit record (and Event, when
   * changed) per object instead of one for the request.
   */
  targets?: TargetOutcome[];
  /** More fields of the answer beside ok/message/changed (e.g. per-node results). */
  answer?: Record<string, unknown>;
}

/** What the action did to one of several objects. */
export interface TargetOutcome {
  target: AuditRecord['target'];
  result: AuditResult;
  status: number;
  message: string;
  detail?: Record<string, string | number>;
}
