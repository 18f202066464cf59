/** What the kernel says about a process (Linux /proc): memory, CPU time, open files and sockets. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Resident set size in MB (VmRSS), or NaN when the process is gone. */
export function rssMB(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** Open file descriptors, and how many of them are sockets. */
export function openFiles(pid: number): { fds: number; sockets: number } {
  try {
    const fds = readdirSync(`/proc/${pid}/fd`);
    let sockets = 0;
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
      } catch {
        // closed between readdir and readlink
      }
    }
    return { fds: fds.length, sockets };
  } catch {
    return { fds: Number.NaN, sockets: Number.NaN };
  }
}
