import { parentPort, workerData } from 'node:worker_threads';
import { createLiveSampler, type SourceOptions } from '../source/index.js';

/** What the exporter hands its sampling thread: the live source's options, the interval fixed. */
export interface SampleWorkerData extends SourceOptions {
  maxCpu: number | undefined;
  intervalMs: number;
}

// The sampling thread: reading a large /proc/net/tcp is synchronous work, and here it cannot hold
// up the exporter's HTTP loop. One request in, one sample (or error message) out.
const o = workerData as SampleWorkerData;
const take = createLiveSampler({ ...o, intervalMs: () => o.intervalMs });
parentPort?.on('message', () => {
  take().then(
    (sample) => parentPort?.postMessage({ sample }),
    (err: unknown) => parentPort?.postMessage({ error: (err as Error).message }),
  );
});
