import { existsSync } from 'node:fs';
import type { NetnsEntry } from '../types.js';
import { sampleLinux } from './linux.js';
import { discoverNetns, type FoundNetns } from './netns-discovery.js';

/** A namespace's sample with what discovery knows of it (name, pids, container, pod). */
async function sampleOne(found: FoundNetns, topDestinations: number | undefined): Promise<NetnsEntry | undefined> {
  const top = topDestinations !== undefined ? { topDestinations } : {};
  try {
    const sample = await sampleLinux(found.own ? top : { ...top, netns: found.path });
    const limitsUnknown = sample.netns?.limitsUnknown;
    sample.netns = { ...found.info, ...(limitsUnknown !== undefined ? { limitsUnknown } : {}) };
    return { netns: sample.netns, sample };
  } catch (err) {
    // its last process ended and no mount holds it: gone between discovery and now, not a failure
    if (!existsSync(found.path)) return undefined;
    return { netns: found.info, error: (err as Error).message };
  }
}

/**
 * Every network namespace on the host, each sampled as a single one is (its own limits,
 * counters and table, read from inside it). One sample per call: namespaces that appeared since
 * the last call are in it, those that vanished are not.
 */
export async function sampleAllNetns(opts: { topDestinations?: number | undefined } = {}): Promise<{ entries: NetnsEntry[]; warnings: string[] }> {
  const { namespaces, warnings } = await discoverNetns();
  const entries: NetnsEntry[] = [];
  // one at a time: each sample is mostly synchronous reads, and a namespace's dump holds one batch
  for (const ns of namespaces) {
    const e = await sampleOne(ns, opts.topDestinations);
    if (e) entries.push(e);
  }
  return { entries, warnings };
}
