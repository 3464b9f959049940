import type { Sample } from '../types.js';
import { sampleLinux, sampleLinuxCounters } from './linux.js';
import { createLiveSource } from './live.js';

export interface SourceOptions {
  procRoot?: string | undefined;
  topDestinations?: number | undefined;
}

/** A function that takes one sample of this machine, chosen for the platform. */
export type SampleFn = () => Promise<Sample>;

function linuxOptions(opts: SourceOptions) {
  return {
    ...(opts.procRoot !== undefined ? { procRoot: opts.procRoot } : {}),
    ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}),
  };
}

/** One full sample each call: for --once, check and analyze-like one-shot uses. */
export function createSource(opts: SourceOptions): SampleFn {
  const linux = linuxOptions(opts);
  return () => sampleLinux(linux);
}

export interface LiveOptions extends SourceOptions {
  /** share of one core the monitor may use, e.g. 0.05 */
  maxCpu: number;
  intervalMs: () => number;
}

/** The live monitor's source: cheap counters every tick, the full breakdown within a CPU budget. */
export function createLiveSampler(opts: LiveOptions): SampleFn {
  const linux = linuxOptions(opts);
  return createLiveSource({
    full: () => sampleLinux(linux),
    cheap: (breakdown) => sampleLinuxCounters(breakdown, linux),
    policy: { maxCpu: opts.maxCpu, maxAge: 30 },
    intervalMs: opts.intervalMs,
  });
}
