import { parentPort, workerData } from 'node:worker_threads';
import { createLiveSampler, type SourceOptions } from '../source/index.js';

/** What the exporter hands its sampling thread: the live source's options, the interval fixed. */
export interface SampleWorkerData extends SourceOptions {
  maxCpu: number | undefined;
  intervalMs: number;
  /** serve --all-netns: each request samples every namespace (one round), destinations kept per namespace */
  allNetns?: { topDestinations: number };
}

// The sampling thread: reading a large /proc/net/tcp is synchronous work, and here it cannot hold
// up the exporter's HTTP loop. One request in, one sample (or round of namespaces, or error message) out.
const o = workerData as SampleWorkerData;
const all = o.allNetns;
// loaded only when asked for, as the one-shot --all-netns does
const take: () => Promise<unknown> = all ? async () => (await import('../source/all-netns.js')).sampleAllNetns(all) : createLiveSampler({ ...o, intervalMs: () => o.intervalMs });
parentPort?.on('message', () => {
  take().then(
    (sample) => parentPort?.postMessage({ sample }),
    (err: unknown) => parentPort?.postMessage({ error: (err as Error).message }),
  );
});
