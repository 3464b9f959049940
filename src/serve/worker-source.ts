import { Worker } from 'node:worker_threads';
import type { Sample } from '../types.js';
import type { SampleWorkerData } from './sample-worker.js';

/**
 * The live source run in a worker thread, as a `() => Promise<Sample>`: a scrape that arrives
 * while a large table is being read is answered at once from the last sample. One sample at a
 * time (the poller never overlaps); if the thread dies, every later sample fails with the reason.
 * With --all-netns a sample is a round of every namespace (`T`).
 */
export class WorkerSampler<T = Sample> {
  private readonly worker: Worker;
  private pending: { resolve: (s: T) => void; reject: (e: Error) => void } | undefined;
  private dead: Error | undefined;

  constructor(data: SampleWorkerData) {
    this.worker = new Worker(new URL('./sample-worker.js', import.meta.url), { workerData: data });
    this.worker.on('message', (m: { sample?: T; error?: string }) => {
      const p = this.pending;
      this.pending = undefined;
      if (m.sample) p?.resolve(m.sample);
      else p?.reject(new Error(m.error ?? 'the sampling thread sent nothing'));
    });
    const die = (err: Error) => {
      this.dead = new Error(`the sampling thread stopped: ${err.message}`);
      this.pending?.reject(this.dead);
      this.pending = undefined;
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`exit code ${code}`)));
  }

  readonly take = (): Promise<T> => {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error('a sample is already running'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(null);
    });
  };

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
