import type { Server } from 'node:http';
import { listenError, startMetricsServer, type ListenAddress } from './http.js';
import type { BuildInfo, ProcessStats } from '../views/prometheus-process.js';
import { buildInfo, pageSize, processStartTime, readProcessStats } from './process-stats.js';

export interface Exporter {
  address: ListenAddress;
  /** stops sampling, closes the recording and the server */
  stop(): Promise<void>;
}

/** What every scrape reports of the exporter itself, beside its samples. */
export interface SelfStats {
  pageSize: number | undefined;
  process: ProcessStats;
  build: BuildInfo;
}

/**
 * The metrics server in front of a sampling already started: each scrape is answered by `render`
 * with the process's own stats. A port that cannot be bound stops the sampling and becomes one
 * clear error; `stop` ends the sampling, then the server and its open connections.
 */
export async function serveMetrics(listen: ListenAddress, stopSampling: () => Promise<void>, render: (self: SelfStats) => string): Promise<Exporter> {
  let server: Server;
  let address: ListenAddress;
  try {
    const build = buildInfo();
    const page = pageSize();
    const started = processStartTime();
    ({ server, address } = await startMetricsServer(listen, () => render({ pageSize: page, process: readProcessStats(started), build })));
  } catch (err) {
    await stopSampling();
    throw listenError(listen, err);
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
