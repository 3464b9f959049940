import { hostname } from 'node:os';
import { buildSample } from '../sample.js';
import { Tally } from '../tally.js';
import type { Counters, Limits, Sample, Sockstat, Unparsed } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits } from './linux-limits.js';
import type { ProcRoot } from './proc-files.js';

/** What a full Linux sample holds before and while its table's rows are added. */
export interface LinuxSampleBase {
  time: number;
  warnings: string[];
  limits: Limits;
  sockstat: Sockstat;
  counters: Counters;
  tally: Tally;
  /** /proc/sys/kernel/osrelease: the advice depends on the kernel version */
  kernel?: string;
}

/**
 * The start of every full Linux sample, whichever way the table is read: the time, the O(1)
 * limits and counters, and a tally that knows the ephemeral range (to tell outgoing ports apart).
 */
export async function startLinuxSample(proc: ProcRoot, now: () => number = Date.now, net: ProcRoot = proc): Promise<LinuxSampleBase> {
  const warnings: string[] = [];
  const time = now();
  const [limits, counters, release] = await Promise.all([
    readLinuxLimits(proc, warnings),
    // net/* counters are per namespace: /proc/PID/net with --pid
    readLinuxCounters(net, warnings),
    proc.text('sys/kernel/osrelease', warnings, true),
  ]);
  const tally = new Tally({ portRange: limits.ip_local_port_range, reserved: limits.ip_local_reserved_ports });
  return { time, warnings, limits, ...counters, tally, ...(release?.trim() ? { kernel: release.trim() } : {}) };
}

/** The Sample, once the table's rows are in the tally. */
export function finishLinuxSample(base: LinuxSampleBase, source: 'procfs' | 'sock_diag', unparsed: Unparsed, topDestinations?: number): Sample {
  return buildSample({
    time: base.time,
    host: hostname(),
    source,
    tally: base.tally,
    limits: base.limits,
    sockstat: base.sockstat,
    counters: base.counters,
    ...(base.kernel !== undefined ? { kernel: base.kernel } : {}),
    unparsed,
    warnings: base.warnings,
    ...(topDestinations !== undefined ? { topDestinations } : {}),
  });
}
