import type { Sample } from '../types.js';
import type { DarwinSourceOptions } from './darwin.js';
import { sampleLinux, sampleLinuxCounters } from './linux.js';
import { createLiveSource } from './live.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import type { SourceName } from './names.js';
import type { WindowsSourceOptions } from './windows.js';

export interface SourceOptions {
  /** default auto: by process.platform (a --proc-root means Linux wherever we run) */
  source?: SourceName | undefined;
  procRoot?: string | undefined;
  topDestinations?: number | undefined;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  /** read the network namespace of this process (/proc/PID/net) */
  pid?: number | undefined;
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

/** The concrete source `auto` stands for on a platform; BSDs print netstat the macOS way. */
export function resolveSource(name: SourceName, platform: NodeJS.Platform, procRoot?: string): Exclude<SourceName, 'auto'> {
  if (name !== 'auto') return name;
  if (procRoot !== undefined) return 'linux';
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') return 'darwin';
  return 'linux';
}

function linuxOptions(opts: SourceOptions) {
  return {
    ...(opts.procRoot !== undefined ? { procRoot: opts.procRoot } : {}),
    ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}),
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    ...(opts.pid !== undefined ? { pid: opts.pid } : {}),
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

export interface LiveOptions extends SourceOptions {
  /** share of one core the monitor may use, e.g. 0.05 */
  maxCpu: number;
  intervalMs: () => number;
}

/** The live monitor's source: cheap counters every tick, the full breakdown within a CPU budget. */
export function createLiveSampler(opts: LiveOptions): SampleFn {
  // netstat has no O(1) counters to fall back on: every tick is a full sample
  if (resolveSource(opts.source ?? 'auto', opts.platform ?? process.platform, opts.procRoot) !== 'linux') return createSource(opts);
  const linux = linuxOptions(opts);
  return createLiveSource({
    full: () => sampleLinux(linux),
    cheap: (breakdown) => sampleLinuxCounters(breakdown, linux),
    policy: { maxCpu: opts.maxCpu, maxAge: 30 },
    intervalMs: opts.intervalMs,
  });
}
