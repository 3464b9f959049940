import { hostname } from 'node:os';
import { ProcNetTcpParser } from '../parse/proc-net-tcp.js';
import { mergeUnparsed, emptyUnparsed } from '../parse/unparsed.js';
import { buildSample } from '../sample.js';
import { Tally } from '../tally.js';
import type { Sample } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits } from './linux-limits.js';
import { ProcRoot, ReadError } from './proc-files.js';

export interface LinuxSourceOptions {
  procRoot?: string;
  topDestinations?: number;
  /** clock, for tests and replays */
  now?: () => number;
}

/** Error thrown when not even the TCP table can be read: nothing to show. */
export class SourceError extends Error {
  readonly code = 'ESOURCE';
  constructor(message: string, readonly warnings: string[]) {
    super(message);
  }
}

/** One full sample of the Linux kernel's TCP state from /proc (or a tree that mirrors it). */
export async function sampleLinux(opts: LinuxSourceOptions = {}): Promise<Sample> {
  const proc = new ProcRoot(opts.procRoot ?? '/proc');
  const warnings: string[] = [];
  const time = (opts.now ?? Date.now)();
  // limits first: the tally needs the ephemeral range to tell outgoing ports from others
  const [limits, counters] = await Promise.all([readLinuxLimits(proc, warnings), readLinuxCounters(proc, warnings)]);
  const tally = new Tally({ portRange: limits.ip_local_port_range, reserved: limits.ip_local_reserved_ports });
  const unparsed = emptyUnparsed();
  // A partial table is a wrong total: only tcp6 may be missing (IPv6 disabled), nothing may fail.
  for (const rel of ['net/tcp', 'net/tcp6']) {
    const parser = new ProcNetTcpParser((row) => tally.add(row));
    try {
      proc.stream(rel, (c) => parser.push(c));
    } catch (err) {
      if (rel === 'net/tcp6' && err instanceof ReadError && err.errno === 'ENOENT') continue;
      throw new SourceError(`cannot read the TCP table: ${(err as Error).message}${rel === 'net/tcp' && (err as ReadError).errno === 'ENOENT' ? ` (is ${proc.root} a /proc tree?)` : ''}`, warnings);
    }
    parser.end();
    mergeUnparsed(unparsed, parser.unparsed);
  }
  return buildSample({
    time,
    host: hostname(),
    source: 'procfs',
    tally,
    limits,
    ...counters,
    unparsed,
    warnings,
    ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}),
  });
}

/**
 * The O(1) part only: limits and counters read now, the per-state breakdown carried over from
 * `breakdown` (an earlier full sample) and marked with its time.
 */
export async function sampleLinuxCounters(breakdown: Sample, opts: LinuxSourceOptions = {}): Promise<Sample> {
  const proc = new ProcRoot(opts.procRoot ?? '/proc');
  const warnings: string[] = [];
  const time = (opts.now ?? Date.now)();
  const [limits, counters] = await Promise.all([readLinuxLimits(proc, warnings), readLinuxCounters(proc, warnings)]);
  return {
    ...breakdown,
    time,
    limits,
    sockstat: counters.sockstat,
    counters: counters.counters,
    warnings,
    breakdownTime: breakdown.breakdownTime ?? breakdown.time,
  };
}
