import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ProcNetTcpParser } from '../parse/proc-net-tcp.js';
import { mergeUnparsed, emptyUnparsed } from '../parse/unparsed.js';
import { buildSample } from '../sample.js';
import { Tally } from '../tally.js';
import { attributeSockets, isAttributed, nameCloseWaitOwners } from '../attribution.js';
import type { Sample, TcpRow } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits } from './linux-limits.js';
import { describeNetns, netnsLimitsWarning } from './netns.js';
import { ProcRoot, ReadError } from './proc-files.js';
import { nsLink, scanSocketOwners } from './socket-owners.js';

export interface LinuxSourceOptions {
  procRoot?: string;
  topDestinations?: number;
  /** read /proc/PID/net/* (that process's network namespace) instead of /proc/net/* */
  pid?: number;
  /** map sockets to processes (--processes): scan /proc/*\/fd within budgetMs, list the top processes */
  processes?: { budgetMs: number; top: number };
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

/** Where to read: sys/* always from the reader's /proc, net/* from /proc/PID with --pid (see netns.ts). */
function roots(opts: LinuxSourceOptions): { proc: ProcRoot; net: ProcRoot } {
  const proc = new ProcRoot(opts.procRoot ?? '/proc');
  return { proc, net: opts.pid !== undefined ? new ProcRoot(join(proc.root, String(opts.pid))) : proc };
}

/** One full sample of the Linux kernel's TCP state from /proc (or a tree that mirrors it). */
export async function sampleLinux(opts: LinuxSourceOptions = {}): Promise<Sample> {
  const { proc, net } = roots(opts);
  const warnings: string[] = [];
  const time = (opts.now ?? Date.now)();
  if (opts.pid !== undefined && !existsSync(join(proc.root, String(opts.pid)))) {
    throw new SourceError(`--pid ${opts.pid}: no such process (${join(proc.root, String(opts.pid))} not found)`, warnings);
  }
  const netns = opts.pid !== undefined ? await describeNetns(proc.root, opts.pid) : undefined;
  const nsWarning = netns ? netnsLimitsWarning(netns) : undefined;
  if (nsWarning) warnings.push(nsWarning);
  // limits first: the tally needs the ephemeral range to tell outgoing ports from others
  const [limits, counters, release] = await Promise.all([
    readLinuxLimits(proc, warnings),
    readLinuxCounters(net, warnings),
    proc.text('sys/kernel/osrelease', warnings, true), // the advice depends on the kernel version
  ]);
  const tally = new Tally({ portRange: limits.ip_local_port_range, reserved: limits.ip_local_reserved_ports });
  const unparsed = emptyUnparsed();
  // by inode: the table can repeat a row while it churns; the parser reuses its row object
  const attributed = opts.processes ? new Map<number, TcpRow>() : undefined;
  // A partial table is a wrong total: only tcp6 may be missing (IPv6 disabled), nothing may fail.
  for (const rel of ['net/tcp', 'net/tcp6']) {
    const parser = new ProcNetTcpParser((row) => {
      tally.add(row);
      if (attributed && isAttributed(row)) attributed.set(row.inode as number, { ...row });
    });
    try {
      net.stream(rel, (c) => parser.push(c));
    } catch (err) {
      const errno = err instanceof ReadError ? err.errno : undefined;
      if (rel === 'net/tcp6' && errno === 'ENOENT') continue;
      const hint = errno !== 'ENOENT' ? '' : opts.pid !== undefined ? ` (is there a process ${opts.pid}?)` : rel === 'net/tcp' ? ` (is ${proc.root} a /proc tree?)` : '';
      throw new SourceError(`cannot read the TCP table: ${(err as Error).message}${hint}`, warnings);
    }
    parser.end();
    mergeUnparsed(unparsed, parser.unparsed);
  }
  const sample = buildSample({
    time,
    host: hostname(),
    source: 'procfs',
    tally,
    limits,
    ...counters,
    ...(release?.trim() ? { kernel: release.trim() } : {}),
    unparsed,
    warnings,
    ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}),
  });
  if (netns) sample.netns = netns;
  if (attributed && opts.processes) {
    const scan = scanSocketOwners(proc.root, new Set(attributed.keys()), opts.processes.budgetMs, nsLink(proc.root, opts.pid !== undefined ? String(opts.pid) : 'self'));
    const rows = [...attributed.values()];
    sample.processes = attributeSockets(rows, scan, sample.destinations, sample.states.TIME_WAIT, opts.processes.top);
    if (sample.closeWait) sample.closeWait = nameCloseWaitOwners(sample.closeWait, rows, scan);
  }
  return sample;
}

/**
 * The O(1) part only: limits and counters read now, the per-state breakdown carried over from
 * `breakdown` (an earlier full sample) and marked with its time.
 */
export async function sampleLinuxCounters(breakdown: Sample, opts: LinuxSourceOptions = {}): Promise<Sample> {
  const { proc, net } = roots(opts);
  const nsWarning = breakdown.netns ? netnsLimitsWarning(breakdown.netns) : undefined;
  const warnings: string[] = nsWarning ? [nsWarning] : [];
  const time = (opts.now ?? Date.now)();
  const [limits, counters] = await Promise.all([readLinuxLimits(proc, warnings), readLinuxCounters(net, warnings)]);
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
