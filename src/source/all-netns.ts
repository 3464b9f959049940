import { existsSync } from 'node:fs';
import { DEFAULT_POLICY, pacedWait } from '../budget.js';
import type { NetnsEntry, Sample } from '../types.js';
import { sampleLinux, sampleLinuxCounters } from './linux.js';
import { createLiveSource, processCpuSeconds } from './live.js';
import { discoverNetns, type FoundNetns } from './netns-discovery.js';

/**
 * A namespace's sample with what discovery knows of it (name, pids, container, pod): the full
 * table, or with an earlier `breakdown` of it only its O(1) counters and limits read now.
 */
async function sampleOne(found: FoundNetns, topDestinations: number | undefined, breakdown: Sample | undefined): Promise<FoundEntry | undefined> {
  const top = topDestinations !== undefined ? { topDestinations } : {};
  const where = found.own ? {} : { netns: found.path };
  try {
    const sample = breakdown ? await sampleLinuxCounters(breakdown, where) : await sampleLinux({ ...top, ...where });
    const limitsUnknown = sample.netns?.limitsUnknown;
    const netns = { ...found.info, ...(limitsUnknown !== undefined ? { limitsUnknown } : {}) };
    sample.netns = netns;
    return { netns, sample };
  } catch (err) {
    // its last process ended and no mount holds it: gone between discovery and now, not a failure
    if (!existsSync(found.path)) return undefined;
    return { netns: found.info, error: (err as Error).message };
  }
}

/** A namespace's entry, with the inode discovery always knows (the live monitor keys its history by it). */
export type FoundEntry = NetnsEntry & { netns: { inode: number } };

/** One sample of every namespace. */
export interface NetnsRound {
  entries: FoundEntry[];
  warnings: string[];
}

export interface AllNetnsOptions {
  topDestinations?: number | undefined;
  /** by inode, an earlier full sample of a namespace: only its counters are read now (the live monitor's cheap ticks) */
  breakdowns?: ReadonlyMap<number, Sample> | undefined;
}

/**
 * Every network namespace on the host, each sampled as a single one is (its own limits,
 * counters and table, read from inside it). One sample per call: namespaces that appeared since
 * the last call are in it, those that vanished are not.
 */
export async function sampleAllNetns(opts: AllNetnsOptions = {}): Promise<NetnsRound> {
  const { namespaces, warnings } = await discoverNetns();
  const entries: FoundEntry[] = [];
  // one at a time: each sample is mostly synchronous reads, and a namespace's dump holds one batch
  for (const ns of namespaces) {
    const e = await sampleOne(ns, opts.topDestinations, opts.breakdowns?.get(ns.info.inode));
    if (e) entries.push(e);
  }
  return { entries, warnings };
}

/** The live --all-netns source and the wait after each round that keeps it within its budget. */
export interface LiveAllNetns {
  take: () => Promise<NetnsRound>;
  /** the wait before the next round: the interval, or longer where even counters-only rounds cost more than --max-cpu allows */
  waitMs: (intervalMs: number) => number;
}

/**
 * The live --all-netns source: discovery every tick, then every namespace's counters, and the
 * full table of every one as often as the CPU budget allows (the same policy as one namespace's,
 * decided for the whole round). A namespace first seen since the last full round has its table
 * read at once: a cheap tick carries over the newest breakdown each namespace has. Where even
 * those rounds are over the budget (many namespaces, a low --max-cpu), rounds are spaced out.
 */
export function createLiveAllNetnsSource(o: { maxCpu: number; intervalMs: () => number; topDestinations?: number | undefined }): LiveAllNetns {
  let previous: NetnsRound | undefined;
  const breakdowns = (r: NetnsRound) => new Map(r.entries.flatMap((e) => ('sample' in e ? [[e.netns.inode, e.sample] as const] : [])));
  const policy = { ...DEFAULT_POLICY, maxCpu: o.maxCpu };
  const next = createLiveSource<NetnsRound>({
    full: () => sampleAllNetns({ topDestinations: o.topDestinations }),
    cheap: (lastFull) => sampleAllNetns({ topDestinations: o.topDestinations, breakdowns: breakdowns(previous ?? lastFull) }),
    policy,
    intervalMs: o.intervalMs,
  });
  let cycleFrom = 0;
  let roundWall = 0;
  return {
    take: async () => {
      const t0 = performance.now();
      previous = await next();
      roundWall = (performance.now() - t0) / 1000;
      return previous;
    },
    // called once per round as it arrives (netns-monitor.ts): the whole cost since the call before,
    // the last round's drawing included. The first round (every table at once) is start-up, not the pace
    waitMs: (intervalMs) => {
      const now = processCpuSeconds();
      const cost = now - cycleFrom;
      const paced = cycleFrom > 0;
      cycleFrom = now;
      return paced ? 1000 * pacedWait(cost, roundWall, { maxCpu: policy.maxCpu, interval: intervalMs / 1000, maxWait: policy.maxAge }) : intervalMs;
    },
  };
}
