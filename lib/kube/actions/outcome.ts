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
}
