import { hostname } from 'node:os';
import { join } from 'node:path';
import { ProcNetTcpParser } from '../parse/proc-net-tcp.js';
import { mergeUnparsed, emptyUnparsed } from '../parse/unparsed.js';
import { buildSample } from '../sample.js';
import { Tally } from '../tally.js';
import type { Sample } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits } from './linux-limits.js';
import { describeNetns, netnsLimitsWarning } from './netns.js';
import { ProcRoot } from './proc-files.js';

export interface LinuxSourceOptions {
  procRoot?: string;
  topDestinations?: number;
  /** read /proc/PID/net/* (that process's network namespace) instead of /proc/net/* */
  pid?: number;
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
  // with --pid, net/* comes from /proc/PID/net while sys/* stays the reader's (see netns.ts)
  const net = opts.pid !== undefined ? new ProcRoot(join(proc.root, String(opts.pid))) : proc;
  const warnings: string[] = [];
  const time = (opts.now ?? Date.now)();
  const netns = opts.pid !== undefined ? await describeNetns(proc.root, opts.pid) : undefined;
  const nsWarning = netns ? netnsLimitsWarning(netns) : undefined;
  if (nsWarning) warnings.push(nsWarning);
  // limits first: the tally needs the ephemeral range to tell outgoing ports from others
  const [limits, counters] = await Promise.all([readLinuxLimits(proc, warnings), readLinuxCounters(net, warnings)]);
  const tally = new Tally({ portRange: limits.ip_local_port_range, reserved: limits.ip_local_reserved_ports });
  const unparsed = emptyUnparsed();
  let tables = 0;
  const tableWarnings: string[] = [];
  for (const [rel, optional] of [['net/tcp', false], ['net/tcp6', true]] as const) {
    const parser = new ProcNetTcpParser((row) => tally.add(row));
    if (net.stream(rel, (c) => parser.push(c), tableWarnings, optional)) {
      parser.end();
      tables++;
      mergeUnparsed(unparsed, parser.unparsed);
    }
  }
  warnings.push(...tableWarnings);
  if (tables === 0) {
    const hint = opts.pid !== undefined ? `is there a process ${opts.pid}?` : `is ${proc.root} a /proc tree?`;
    throw new SourceError(`cannot read the TCP table: ${tableWarnings.join('; ')} (${hint})`, warnings);
  }
  const sample = buildSample({
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
  return netns ? { ...sample, netns } : sample;
}
