import { join } from 'node:path';
import { SourceError, TcpwatchError } from '../errors.js';
import { ProcNetTcpParser } from '../parse/proc-net-tcp.js';
import { mergeUnparsed, emptyUnparsed } from '../parse/unparsed.js';
import type { Sample, TcpRow } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import { readLinuxLimits, TCP_TIMEWAIT_LEN } from './linux-limits.js';
import { finishLinuxSample, startLinuxSample, type NamespaceFiles } from './linux-sample.js';
import { sampleLinuxSockdiag } from './linux-sockdiag.js';
import { netnsLabel } from '../netns-label.js';
import { openNetns, type NetnsReaders } from './netns.js';
import { rowPredicate, type RowFilterSpec } from '../tally/row-filter.js';
import { ProcRoot } from './proc-files.js';
import { chooseTable, findSockdiag } from './sockdiag-addon.js';

export interface LinuxSourceOptions {
  procRoot?: string;
  topDestinations?: number;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  /** read the network namespace of this process: its sysctls, counters and table */
  pid?: number;
  /** read this network namespace (a /run/netns name or an nsfs path), also with no process in it */
  netns?: string;
  /** map sockets to processes (--processes): scan /proc/*\/fd within budgetMs, list the top processes */
  processes?: { budgetMs: number; top: number };
  /** clock, for tests and replays */
  now?: () => number;
  /**
   * How to read the table: 'auto' (the default) takes the sock_diag addon when it loads and the
   * tree is this machine's /proc, else /proc/net/tcp{,6}; 'procfs' always reads /proc.
   * The environment variable TCPWATCH_TABLE=procfs sets it for a whole run (tests, benchmarks);
   * chooseTable (sockdiag-addon.ts) decides.
   */
  table?: 'auto' | 'procfs';
}

/** A foreign namespace's readers, when a target is set and is not tcpwatch's own namespace. */
async function targetOf(opts: LinuxSourceOptions): Promise<NetnsReaders | undefined> {
  if (opts.pid === undefined && opts.netns === undefined) return undefined;
  return openNetns(opts.procRoot ?? '/proc', { pid: opts.pid, netns: opts.netns }, opts.procRoot === undefined ? findSockdiag().addon : undefined);
}

/**
 * Where to read: /proc, or for another namespace its files read inside it (see netns.ts); when it
 * cannot be entered, a --pid target's net/* from /proc/PID/net and no limits at all.
 */
function roots(opts: LinuxSourceOptions, target: NetnsReaders | undefined): { proc: ProcRoot; table: ProcRoot; files: NamespaceFiles } {
  const proc = new ProcRoot(opts.procRoot ?? '/proc');
  const table = opts.pid !== undefined ? new ProcRoot(join(proc.root, String(opts.pid))) : proc;
  if (!target || target.info.sameAsReader === true) return { proc, table, files: { net: table, sys: proc } };
  return { proc, table, files: { net: target.net ?? table, sys: target.sys } };
}

/** The warning that goes with a namespace whose limits are unknown. */
function limitsWarning(target: NetnsReaders | undefined): string | undefined {
  const why = target?.info.limitsUnknown;
  return why !== undefined ? `limits unknown for this namespace: ${why}; its connections and counters are read through /proc/${target?.info.pid}/net` : undefined;
}

/** One full sample of the Linux kernel's TCP state: through sock_diag when it can, else from /proc (or a tree that mirrors it). */
export async function sampleLinux(opts: LinuxSourceOptions = {}): Promise<Sample> {
  const procRoot = opts.procRoot ?? '/proc';
  const target = await targetOf(opts);
  // socket owners (--processes) need the /proc/*\/fd scan's modules: loaded only then
  const { processes } = opts;
  const newAttribution = async () => (processes ? new (await import('./process-attribution.js')).ProcessAttribution(procRoot, { inode: target?.info.inode, pid: opts.pid }, processes) : undefined);
  let attribution = await newAttribution();
  // with a filter, only the owners of the sockets it keeps
  const keep = rowPredicate(opts.filter);
  const owned = (add: (row: TcpRow) => void) => (keep ? (row: TcpRow) => void (keep(row) && add(row)) : add);
  const { files } = roots(opts, target);
  // sock_diag answers for the namespace its socket was opened in: this one, or one entered; a
  // --netns target has no /proc/PID/net to fall back on, its table comes from inside or not at all
  const foreign = target !== undefined && target.info.sameAsReader !== true;
  const inside = foreign ? target.nsPath : undefined;
  const mustDump = foreign && opts.pid === undefined;
  const enterable = !foreign || inside !== undefined;
  const choice = mustDump ? chooseTable({ procRoot: opts.procRoot }, {}) : enterable ? chooseTable(opts) : undefined;
  // tcpwatch ships the addon prebuilt: reading /proc without being asked to is worth a warning
  let fallback = choice?.table === 'procfs' && choice.fault && !mustDump ? `sock_diag not used (${choice.why}): read /proc/net/tcp instead` : undefined;
  let sample: Sample | undefined;
  if (choice?.table === 'sock_diag') {
    try {
      sample = await sampleLinuxSockdiag(choice.addon, { ...opts, files, ...(inside !== undefined ? { nsPath: inside } : {}), ...(attribution ? { onRow: owned(attribution.add) } : {}) });
    } catch (err) {
      if (mustDump) throw new SourceError(`cannot read the TCP table of ${target ? netnsLabel(target.info) : 'the namespace'}: ${(err as Error).message}`, { cause: err });
      // a kernel without inet_diag, or a sandbox that forbids netlink: /proc has the same rows
      // (a dump that failed midway had streamed some rows to the attribution: start it over)
      fallback = `the sock_diag dump failed (${(err as Error).message}): read /proc/net/tcp instead`;
      attribution = await newAttribution();
    }
  }
  sample ??= await sampleLinuxProcfs(opts, attribution ? owned(attribution.add) : undefined, target);
  if (fallback) sample.warnings.push(fallback);
  if (target) {
    sample.netns = target.info;
    const w = limitsWarning(target);
    if (w) sample.warnings.unshift(w);
  }
  attribution?.apply(sample);
  return sample;
}

/** One full sample with the table read from /proc/net/tcp{,6} (/proc/PID/net with --pid); `onRow` sees every row too. */
export async function sampleLinuxProcfs(opts: LinuxSourceOptions = {}, onRow?: (row: TcpRow) => void, target?: NetnsReaders): Promise<Sample> {
  if (opts.pid === undefined && target !== undefined && target.info.sameAsReader !== true) throw new SourceError(`${netnsLabel(target.info)}: its table can only be read through the sock_diag addon, from inside it`);
  const { proc, table: net, files } = roots(opts, target);
  const base = await startLinuxSample(proc, opts.now, files);
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
  const target = await targetOf(opts);
  const { files } = roots(opts, target);
  const nsWarning = limitsWarning(target);
  const warnings: string[] = nsWarning ? [nsWarning] : [];
  const time = (opts.now ?? Date.now)();
  const [limits, counters] = await Promise.all([files.sys ? readLinuxLimits(files.sys, warnings) : { time_wait_seconds: TCP_TIMEWAIT_LEN }, readLinuxCounters(files.net, warnings)]);
  return {
    ...breakdown,
    time,
    limits,
    sockstat: counters.sockstat,
    counters: counters.counters,
    warnings,
    breakdownTime: breakdown.breakdownTime ?? breakdown.time,
    ...(target ? { netns: target.info } : {}),
  };
}
