import type { Sample } from '../types.js';
import type { DarwinSourceOptions } from './darwin.js';
import { sampleLinux, sampleLinuxCounters } from './linux.js';
import { createLiveSource } from './live.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import { resolveSource, type SourceName } from './names.js';
import type { WindowsSourceOptions } from './windows.js';

export { resolveSource } from './names.js';

export interface SourceOptions {
  /** default auto: by process.platform (a --proc-root means Linux wherever we run) */
  source?: SourceName | undefined;
  procRoot?: string | undefined;
  topDestinations?: number | undefined;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  /** read the network namespace of this process (/proc/PID/net) */
  pid?: number | undefined;
  /** read this network namespace: a /run/netns name or an nsfs path */
  netns?: string | undefined;
  /** map sockets to processes within this time budget (ms) */
  processesBudgetMs?: number | undefined;
  /** how many processes to list */
  top?: number | undefined;
  /** programs to run instead of netstat, netsh, ... (tests point these at stand-ins) */
  commands?: (WindowsSourceOptions['commands'] & DarwinSourceOptions['commands']) | undefined;
  timeoutMs?: number | undefined;
  platform?: NodeJS.Platform;
}

/** A function that takes one sample of this machine, chosen for the platform. */
export type SampleFn = () => Promise<Sample>;

function linuxOptions(opts: SourceOptions) {
  return {
    ...(opts.procRoot !== undefined ? { procRoot: opts.procRoot } : {}),
    ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}),
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    ...(opts.pid !== undefined ? { pid: opts.pid } : {}),
    ...(opts.netns !== undefined ? { netns: opts.netns } : {}),
    ...(opts.processesBudgetMs !== undefined ? { processes: { budgetMs: opts.processesBudgetMs, top: opts.top ?? 10 } } : {}),
  };
}

/** A source made on first use: the Windows and macOS sources (and their parsers) load only when chosen. */
function loadedOnFirstUse(make: () => Promise<SampleFn>): SampleFn {
  let source: Promise<SampleFn> | undefined;
  return async () => (await (source ??= make()))();
}

/** One full sample each call: for --once, check and analyze-like one-shot uses. */
export function createSource(opts: SourceOptions): SampleFn {
  const top = { ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}), filter: opts.filter };
  const kind = resolveSource(opts.source ?? 'auto', opts.platform ?? process.platform, opts.procRoot);
  switch (kind) {
    case 'windows':
      return loadedOnFirstUse(async () => (await import('./windows.js')).createWindowsSource({ commands: opts.commands, timeoutMs: opts.timeoutMs, ...top }));
    case 'darwin':
      return loadedOnFirstUse(async () => (await import('./darwin.js')).createDarwinSource({ commands: opts.commands, timeoutMs: opts.timeoutMs, ...top }));
    case 'linux': {
      const linux = linuxOptions(opts);
      return () => sampleLinux(linux);
    }
    default:
      return kind satisfies never;
  }
}

/** The O(1) counters read again with an earlier sample's breakdown; undefined where there is no cheap path. */
export function createCounterSource(opts: SourceOptions): ((breakdown: Sample) => Promise<Sample>) | undefined {
  if (resolveSource(opts.source ?? 'auto', opts.platform ?? process.platform, opts.procRoot) !== 'linux') return undefined;
  const linux = linuxOptions(opts);
  return (breakdown) => sampleLinuxCounters(breakdown, linux);
}

export interface LiveOptions extends SourceOptions {
  /** share of one core the monitor may use, e.g. 0.05; undefined: no budget, every sample a full one */
  maxCpu: number | undefined;
  intervalMs: () => number;
  /** without --processes: socket owners too, on the full breakdowns the CPU budget leaves room for (the TUI) */
  ownersByBudget?: { budgetMs: number; top: number } | undefined;
}

/** The live monitor's source: cheap counters every tick, the full breakdown within a CPU budget (with no budget, every tick a full sample). */
export function createLiveSampler(opts: LiveOptions): SampleFn {
  // netstat has no O(1) counters to fall back on: every tick is a full sample, as with no budget
  if (opts.maxCpu === undefined || resolveSource(opts.source ?? 'auto', opts.platform ?? process.platform, opts.procRoot) !== 'linux') return createSource(opts);
  const linux = linuxOptions(opts);
  const owners = opts.ownersByBudget && !linux.processes ? { ...linux, processes: opts.ownersByBudget } : undefined;
  return createLiveSource({
    full: () => sampleLinux(linux),
    withOwners: owners ? () => sampleLinux(owners) : undefined,
    cheap: (breakdown) => sampleLinuxCounters(breakdown, linux),
    policy: { maxCpu: opts.maxCpu, maxAge: 30 },
    intervalMs: opts.intervalMs,
  });
}
