import { ProcNetTcpParser } from '../parse/proc-net-tcp.js';
import { mergeUnparsed, emptyUnparsed } from '../parse/unparsed.js';
import type { Sample } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits } from './linux-limits.js';
import { finishLinuxSample, startLinuxSample } from './linux-sample.js';
import { sampleLinuxSockdiag } from './linux-sockdiag.js';
import { ProcRoot, ReadError } from './proc-files.js';
import { loadSockdiag } from './sockdiag-addon.js';

export interface LinuxSourceOptions {
  procRoot?: string;
  topDestinations?: number;
  /** clock, for tests and replays */
  now?: () => number;
  /**
   * How to read the table: 'auto' (the default) takes the sock_diag addon when it loads and the
   * tree is this machine's /proc, else /proc/net/tcp{,6}; 'procfs' always reads /proc.
   * The environment variable TCPWATCH_TABLE=procfs sets it for a whole run (tests, benchmarks).
   */
  table?: 'auto' | 'procfs';
}

/** Error thrown when not even the TCP table can be read: nothing to show. */
export class SourceError extends Error {
  readonly code = 'ESOURCE';
  constructor(message: string, readonly warnings: string[]) {
    super(message);
  }
}

/** One full sample of the Linux kernel's TCP state: through sock_diag when it can, else from /proc (or a tree that mirrors it). */
export async function sampleLinux(opts: LinuxSourceOptions = {}): Promise<Sample> {
  const table = opts.table ?? (process.env.TCPWATCH_TABLE === 'procfs' ? 'procfs' : 'auto');
  const addon = table === 'auto' && opts.procRoot === undefined ? loadSockdiag() : undefined;
  if (addon) {
    try {
      return await sampleLinuxSockdiag(addon, opts);
    } catch {
      // a kernel without inet_diag, or a sandbox that forbids netlink: /proc has the same rows
    }
  }
  return sampleLinuxProcfs(opts);
}

/** One full sample with the table read from /proc/net/tcp{,6}. */
export async function sampleLinuxProcfs(opts: LinuxSourceOptions = {}): Promise<Sample> {
  const proc = new ProcRoot(opts.procRoot ?? '/proc');
  const base = await startLinuxSample(proc, opts.now);
  const { tally, warnings } = base;
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
  return finishLinuxSample(base, 'procfs', unparsed, opts.topDestinations);
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
