import type { Server } from 'node:http';
import { TcpwatchError } from '../errors.js';
import { liveFeed } from '../monitor/feed.js';
import { Monitor, type RecordSink } from '../monitor/monitor.js';
import type { RulesConfig } from '../rules/config.js';
import type { SourceOptions } from '../source/index.js';
import { renderMetrics } from '../views/prometheus.js';
import { startMetricsServer, type ListenAddress } from './http.js';
import { ScrapeState } from './scrape-state.js';
import { WorkerSampler } from './worker-source.js';

export interface ServeOptions {
  source: SourceOptions;
  listen: ListenAddress;
  intervalMs: number;
  maxCpu: number;
  historySize: number;
  rules: RulesConfig;
  /** destinations exported */
  top: number;
  recorder: RecordSink | undefined;
}

export interface Exporter {
  address: ListenAddress;
  /** stops sampling, closes the recording and the server */
  stop(): Promise<void>;
}

/**
 * `tcpwatch serve`: the monitor samples on its interval in a worker thread (counters every tick,
 * the full table as --max-cpu allows), and /metrics renders its last complete sample. Resolves
 * once the first sample was tried and the port is open.
 */
export async function startExporter(o: ServeOptions): Promise<Exporter> {
  const sampler = new WorkerSampler({ ...o.source, maxCpu: o.maxCpu, intervalMs: o.intervalMs });
  const scrape = new ScrapeState(o.source.source === 'auto' || o.source.source === undefined ? 'procfs' : o.source.source);
  const monitor = new Monitor({ feed: liveFeed(scrape.timed(sampler.take)), intervalMs: o.intervalMs, historySize: o.historySize, rules: o.rules, recorder: o.recorder });
  monitor.subscribe(scrape.onEvent);
  // the first scrape has data: wait for the first sample (or its gap)
  const first = new Promise<void>((resolve) => monitor.subscribe((e) => e.kind !== 'end' && resolve()));
  monitor.start();
  await first;
  const stopSampling = async () => {
    await monitor.stop();
    await sampler.stop();
  };
  let server: Server;
  let address: ListenAddress;
  try {
    ({ server, address } = await startMetricsServer(o.listen, () => renderMetrics({ ...scrape.snapshot(), top: o.top })));
  } catch (err) {
    await stopSampling();
    throw new TcpwatchError('ELISTEN', `cannot listen on ${o.listen.host}:${o.listen.port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  return {
    address,
    stop: async () => {
      await stopSampling();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
