import { readdirSync, readFileSync } from 'node:fs';
import { processCpuSeconds } from '../source/live.js';
import type { BuildInfo, ProcessStats } from '../views/prometheus-process.js';

/** USER_HZ, the unit of /proc/PID/stat's times: 100 on every mainstream architecture. */
const USER_HZ = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** /proc/self/stat fields after the command name (which may hold spaces): [0] is field 3, the state. */
function statFields(): string[] | undefined {
  const stat = read('/proc/self/stat');
  return stat === undefined ? undefined : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** When this process started, in seconds since the epoch: boot time plus its start in clock ticks, as client_golang computes it. */
function startTimeSeconds(fields: string[] | undefined): number {
  const btime = /^btime (\d+)$/m.exec(read('/proc/stat') ?? '')?.[1];
  const ticks = fields?.[19];
  if (btime !== undefined && ticks !== undefined) return Number(btime) + Number(ticks) / USER_HZ;
  return Date.now() / 1000 - process.uptime();
}

function openFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

const maxFds = (): number | undefined => {
  const soft = /^Max open files\s+(\d+)/m.exec(read('/proc/self/limits') ?? '')?.[1];
  return soft === undefined ? undefined : Number(soft);
};

/** The exporter's own budget for process_*: CPU of every thread (the sampling one included), memory, descriptors. */
export function readProcessStats(start: number): ProcessStats {
  const fields = statFields();
  const vsize = fields?.[20];
  return {
    cpuSeconds: processCpuSeconds(),
    residentBytes: process.memoryUsage.rss(),
    virtualBytes: vsize === undefined ? undefined : Number(vsize),
    openFds: openFds(),
    maxFds: maxFds(),
    startTimeSeconds: start,
  };
}

/** The process's start time, read once (it does not change). */
export const processStartTime = (): number => startTimeSeconds(statFields());

/** Bytes per memory page, from the kernel's own account of this process's mappings; undefined where unreadable. */
export function pageSize(): number | undefined {
  const kb = /^KernelPageSize:\s+(\d+) kB$/m.exec(read('/proc/self/smaps') ?? '')?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** tcpwatch's version from its package.json (beside dist/ in a checkout and in an installed package). */
export function buildInfo(): BuildInfo {
  const pkg = read(new URL('../../package.json', import.meta.url).pathname);
  const version = pkg === undefined ? undefined : (JSON.parse(pkg) as { version?: unknown }).version;
  return { version: typeof version === 'string' ? version : 'unknown', node: process.versions.node };
}
