import { hostname } from 'node:os';
import { sampleFromRows, type RowFeed } from '../sample.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import type { Counters, Limits, Sample, Sockstat } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits, TCP_TIMEWAIT_LEN } from './linux-limits.js';
import type { ProcRoot, TextFiles } from './proc-files.js';

/** What a full Linux sample holds before its table is read. */
export interface LinuxSampleBase {
  time: number;
  warnings: string[];
  limits: Limits;
  sockstat: Sockstat;
  counters: Counters;
  /** /proc/sys/kernel/osrelease: the advice depends on the kernel version */
  kernel?: string;
}

/** Where a sample's per-namespace files come from: /proc, /proc/PID/net, or inside another namespace. */
export interface NamespaceFiles {
  /** net/* counters */
  net: TextFiles;
  /** sys/net/* limits; undefined when they cannot be read for this namespace (then absent, never the host's) */
  sys: TextFiles | undefined;
}

/**
 * The start of every full Linux sample, whichever way the table is read: the time, and the O(1)
 * limits (with the ephemeral range, to tell outgoing ports apart) and counters.
 */
export async function startLinuxSample(proc: ProcRoot, now: () => number = Date.now, files: NamespaceFiles = { net: proc, sys: proc }): Promise<LinuxSampleBase> {
  const warnings: string[] = [];
  const time = now();
  const { net, sys } = files;
  const [limits, counters, release] = await Promise.all([
    sys ? readLinuxLimits(sys, warnings) : { time_wait_seconds: TCP_TIMEWAIT_LEN },
    // net/* counters are per namespace: /proc/PID/net with --pid
    readLinuxCounters(net, warnings),
    proc.text('sys/kernel/osrelease', warnings, true),
  ]);
  return { time, warnings, limits, ...counters, ...(release?.trim() ? { kernel: release.trim() } : {}) };
}

/** The Sample of the table's rows, read by `feed`: the top destinations, of the rows `filter` keeps. */
export function finishLinuxSample(base: LinuxSampleBase, source: 'procfs' | 'sock_diag', { topDestinations, filter }: { topDestinations?: number | undefined; filter?: RowFilterSpec | undefined }, feed: RowFeed): Sample {
  return sampleFromRows(
    {
      time: base.time,
      host: hostname(),
      source,
      limits: base.limits,
      sockstat: base.sockstat,
      counters: base.counters,
      ...(base.kernel !== undefined ? { kernel: base.kernel } : {}),
      warnings: base.warnings,
      topDestinations,
      filter,
    },
    feed,
  );
}
