/** The machine and the versions a report must state so anyone can rerun it and compare. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGB: number;
  kernel: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews figures. */
  loadAvgStart: number;
  loadAvgEnd?: number;
}

export interface Versions {
  node: string;
  next: string;
  react: string;
  clientNode: string;
  kubernetes?: string;
  kwok?: string;
  etcd?: string;
  kubectl?: string;
  chromium?: string;
  playwright?: string;
}

function sh(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
  } catch {
    return undefined;
  }
}

const pkgVersion = (repo: string, name: string) => (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

export function machine(): Machine {
  return {
    nproc: Number(sh('nproc', [])) || cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: sh('uname', ['-r']) ?? 'unknown',
    loadAvgStart: loadAvg1(),
  };
}

/** Versions of everything in the measured path; cluster ones from the running bench cluster. */
export function versions(repo: string, kubeconfig?: string): Versions {
  const shVars = sh('bash', ['-c', `. ${join(repo, 'cluster/versions.sh')} && echo "$KUBE_VERSION $ETCD_VERSION $KWOK_VERSION $CLUSTER_BIN"`])?.split(' ');
  const server = kubeconfig ? sh('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/version']) : undefined;
  const kwokBin = shVars?.[3] ? join(shVars[3], 'kwok') : undefined;
  return {
    node: process.version,
    next: pkgVersion(repo, 'next'),
    react: pkgVersion(repo, 'react'),
    clientNode: pkgVersion(repo, '@kubernetes/client-node'),
    kubernetes: server ? (JSON.parse(server) as { gitVersion: string }).gitVersion : shVars?.[0],
    etcd: shVars?.[1],
    kwok: (kwokBin && sh(kwokBin, ['--version'])?.split(' ')[2]) || shVars?.[2],
    kubectl: (JSON.parse(sh('kubectl', ['version', '--client', '-o', 'json']) ?? '{}') as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion,
    chromium: sh('/usr/bin/chromium', ['--version']),
    playwright: pkgVersion(repo, '@playwright/test'),
  };
}

export const loadAvg1 = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
