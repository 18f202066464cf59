/** A duration in the words an operator reads at a glance. */
export function roughDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `about ${Math.max(1, s)} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `about ${min} min`;
  return `about ${Math.round((min / 60) * 10) / 10} h`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface PlanFacts {
  changes: boolean;
  counts: { gain: number; lose: number; replace: number };
  rollout: { type: 'RollingUpdate' | 'OnDelete'; batch: number; waves: number; estimateMs?: number; pendingOnDelete: number };
}

/** The preview in one line: "29 pods replaced, 1 at a time (29 waves), about 2 min; 4 nodes gain the agent". */
export function planSummary(p: PlanFacts): string {
  if (!p.changes) return 'no change: the DaemonSet already looks like this';
  const parts: string[] = [];
  const { counts, rollout } = p;
  if (counts.replace > 0) {
    const estimate = rollout.estimateMs === undefined ? 'no estimate (no readiness times from a previous rollout)' : roughDuration(rollout.estimateMs);
    parts.push(`${plural(counts.replace, 'pod')} replaced, ${rollout.batch} at a time (${plural(rollout.waves, 'wave')}), ${estimate}`);
  } else if (rollout.type === 'OnDelete' && rollout.pendingOnDelete > 0) {
    parts.push(`OnDelete: ${plural(rollout.pendingOnDelete, 'pod')} keep the old template until deleted`);
  }
  if (counts.gain > 0) parts.push(`${plural(counts.gain, 'node')} gain the agent`);
  if (counts.lose > 0) parts.push(`${plural(counts.lose, 'node')} lose it (the controller deletes the pod)`);
  if (parts.length === 0) parts.push('no pod changes: the new settings apply to the next rollout');
  return parts.join('; ');
}
