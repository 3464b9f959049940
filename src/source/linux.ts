import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError, TcpwatchError } from '../errors.js';
import { ProcNetTcpParser } from '../parse/proc-net-tcp.js';
import { mergeUnparsed, emptyUnparsed } from '../parse/unparsed.js';
import type { Sample, TcpRow } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits } from './linux-limits.js';
import { finishLinuxSample, startLinuxSample } from './linux-sample.js';
import { sampleLinuxSockdiag } from './linux-sockdiag.js';
import { rowPredicate, type RowFilterSpec } from '../tally/row-filter.js';
import { describeNetns, netnsLimitsWarning } from './netns.js';
import { ProcRoot } from './proc-files.js';
import { loadSockdiag } from './sockdiag-addon.js';

export interface LinuxSourceOptions {
  procRoot?: string;
  topDestinations?: number;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  /** read /proc/PID/net/* (that process's network namespace) instead of /proc/net/* */
  pid?: number;
  /** map sockets to processes (--processes): scan /proc/*\/fd within budgetMs, list the top processes */
  processes?: { budgetMs: number; top: number };
  /** clock, for tests and replays */
  now?: () => number;
  /**
   * How to read the table: 'auto' (the default) takes the sock_diag addon when it loads and the
   * tree is this machine's /proc, else /proc/net/tcp{,6}; 'procfs' always reads /proc.
   * The environment variable TCPWATCH_TABLE=procfs sets it for a whole run (tests, benchmarks).
   */
  table?: 'auto' | 'procfs';
}

/** Where to read: sys/* always from the reader's /proc, net/* from /proc/PID with --pid (see netns.ts). */
function roots(opts: LinuxSourceOptions): { proc: ProcRoot; net: ProcRoot } {
  const proc = new ProcRoot(opts.procRoot ?? '/proc');
  return { proc, net: opts.pid !== undefined ? new ProcRoot(join(proc.root, String(opts.pid))) : proc };
}

/** One full sample of the Linux kernel's TCP state: through sock_diag when it can, else from /proc (or a tree that mirrors it). */
export async function sampleLinux(opts: LinuxSourceOptions = {}): Promise<Sample> {
  const procRoot = opts.procRoot ?? '/proc';
  if (opts.pid !== undefined && !existsSync(join(procRoot, String(opts.pid)))) {
    throw new SourceError(`--pid ${opts.pid}: no such process (${join(procRoot, String(opts.pid))} not found)`);
  }
  const netns = opts.pid !== undefined ? await describeNetns(procRoot, opts.pid) : undefined;
  // socket owners (--processes) need the /proc/*/fd scan's modules: loaded only then
  const { processes } = opts;
  const newAttribution = async () => (processes ? new (await import('./process-attribution.js')).ProcessAttribution(procRoot, opts.pid, processes) : undefined);
  let attribution = await newAttribution();
  // with a filter, only the owners of the sockets it keeps
  const keep = rowPredicate(opts.filter);
  const owned = (add: (row: TcpRow) => void) => (keep ? (row: TcpRow) => void (keep(row) && add(row)) : add);
  const table = opts.table ?? (process.env.TCPWATCH_TABLE === 'procfs' ? 'procfs' : 'auto');
  // sock_diag answers for the caller's namespace only: --pid reads /proc/PID/net
  const addon = table === 'auto' && opts.procRoot === undefined && opts.pid === undefined ? loadSockdiag() : undefined;
  let sample: Sample | undefined;
  if (addon) {
    try {
      sample = await sampleLinuxSockdiag(addon, { ...opts, ...(attribution ? { onRow: owned(attribution.add) } : {}) });
    } catch {
      // a kernel without inet_diag, or a sandbox that forbids netlink: /proc has the same rows
      // (a dump that failed midway had streamed some rows to the attribution: start it over)
      attribution = await newAttribution();
    }
  }
  sample ??= await sampleLinuxProcfs(opts, attribution ? owned(attribution.add) : undefined);
  if (netns) {
    sample.netns = netns;
    const w = netnsLimitsWarning(netns);
    if (w) sample.warnings.unshift(w);
  }
  attribution?.apply(sample);
  return sample;
}

/** One full sample with the table read from /proc/net/tcp{,6} (/proc/PID/net with --pid); `onRow` sees every row too. */
export async function sampleLinuxProcfs(opts: LinuxSourceOptions = {}, onRow?: (row: TcpRow) => void): Promise<Sample> {
  const { proc, net } = roots(opts);
  const base = await startLinuxSample(proc, opts.now, net);
  return finishLinuxSample(base, 'procfs', opts, (add) => {
    const unparsed = emptyUnparsed();
    // A partial table is a wrong total: only tcp6 may be missing (IPv6 disabled), nothing may fail.
    for (const rel of ['net/tcp', 'net/tcp6']) {
      // the sample counts rows and names their owners: queues and timers are not needed
      const parser = new ProcNetTcpParser(
        (row) => {
          add(row);
          onRow?.(row);
        },
        { detail: false },
      );
      try {
        net.stream(rel, (c) => parser.push(c));
      } catch (err) {
        const missing = err instanceof TcpwatchError && err.code === 'ENOENT';
        if (rel === 'net/tcp6' && missing) continue;
        const hint = !missing ? '' : opts.pid !== undefined ? ` (is there a process ${opts.pid}?)` : rel === 'net/tcp' ? ` (is ${proc.root} a /proc tree?)` : '';
        throw new SourceError(`cannot read the TCP table: ${(err as Error).message}${hint}`, { cause: err });
      }
      parser.end();
      mergeUnparsed(unparsed, parser.unparsed);
    }
    return unparsed;
  });
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
