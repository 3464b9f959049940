import type { CliOptions } from '../args.js';
import { TcpwatchError } from '../errors.js';
import { defaultHistorySize, type History } from '../history.js';
import { Recorder } from '../replay/recorder.js';
import type { Alert } from '../types.js';
import { renderMetrics } from '../views/prometheus.js';
import { startMetricsServer } from './http.js';
import { SampleCache } from './sample-cache.js';
import { WorkerSampler } from './worker-source.js';

/** `tcpwatch serve`: sample on the interval, serve /metrics until a signal. */
export async function runServe(o: CliOptions, alertsFor: (h: History) => Alert[], log: (line: string) => void): Promise<number> {
  const recorder = o.record !== undefined ? new Recorder(o.record, o.recordMaxBytes) : undefined;
  // counters every interval, the full table as the --max-cpu budget allows (as the live monitor)
  const sampler = new WorkerSampler({
    ...(o.procRoot !== undefined ? { procRoot: o.procRoot } : {}),
    source: o.source,
    ...(o.pid !== undefined ? { pid: o.pid } : {}),
    maxCpu: o.maxCpu,
    intervalMs: o.intervalMs,
  });
  const cache = new SampleCache({
    take: sampler.take,
    source: o.source === 'auto' ? 'procfs' : o.source,
    intervalMs: o.intervalMs,
    historySize: o.historySize ?? defaultHistorySize(o.intervalMs),
    alertsFor,
    ...(recorder ? { onSample: (s, a) => recorder.write(s, a), onGap: (g) => recorder.writeGap(g) } : {}),
  });
  await cache.start();
  const { server, address } = await startMetricsServer(o.listen, () => renderMetrics({ ...cache.snapshot(), top: o.top })).catch((err: NodeJS.ErrnoException) => {
    cache.stop();
    void sampler.stop();
    throw new TcpwatchError('ELISTEN', `cannot listen on ${o.listen.host}:${o.listen.port}: ${err.code ?? err.message}`, { cause: err });
  });
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  log(`serving http://${host}:${address.port}/metrics (sampling every ${o.intervalMs / 1000}s)`);
  return new Promise((resolve) => {
    const stop = () => {
      cache.stop();
      void sampler.stop();
      recorder?.close();
      server.close(() => resolve(0));
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
