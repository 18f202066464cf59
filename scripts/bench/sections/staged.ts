/**
 * Section 6: staged rollouts. Runs scripts/staged/bench-probe.ts (the console's start code and
 * driver, in a process of their own, against the bench cluster): time from a wave's gate being
 * met (its last new pod Ready, seen by an independent watch) to the next wave's first old-pod
 * deletion, and the API requests per minute a running plan costs while it waits on a gate.
 */
import { execFile } from 'node:child_process';
import type { BenchContext } from '../context';
import type { Summary } from '../stats';

export interface StagedResult {
  desired: number;
  steps: number;
  totalS: number;
  gateToNextDeletionMs: Summary;
  samples: number;
  requestsPerMinuteWhileSoaking: number;
  apiserverLeaseRequestsPerMinute: number;
}

export function stagedSection(ctx: BenchContext): Promise<StagedResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'scripts/staged/bench-probe.ts', 'bench-staged'],
      { cwd: ctx.repo, env: { ...process.env, KUBECONFIG: ctx.cluster.kubeconfig, EVERYNODE_CONTEXT: ctx.ctx, LOG_LEVEL: 'warn' }, timeout: 20 * 60_000, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`staged probe failed: ${err.message}\n${stderr.slice(-2000)}`));
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          const result = JSON.parse(line) as StagedResult;
          ctx.log(`staged: ${result.samples} gates on ${result.desired} nodes, gate → next deletion median ${result.gateToNextDeletionMs.median} ms, ${result.requestsPerMinuteWhileSoaking} requests/min while soaking`);
          resolve(result);
        } catch {
          reject(new Error(`staged probe printed no result:\n${stdout.slice(-1000)}\n${stderr.slice(-1000)}`));
        }
      },
    );
  });
}
