/** What an action did, before it becomes an ActionResponse and an audit record. */
export interface ActionOutcome {
  /** kubectl-style answer, e.g. "daemonset.apps/node-exporter restarted". */
  message: string;
  changed: boolean;
  /** UID of the DaemonSet acted on (audit Events point at it). */
  uid?: string;
  /** Facts for the audit record (revision restored, pods deleted). */
  detail?: Record<string, string | number>;
}
