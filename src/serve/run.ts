import { liveFeed } from '../monitor/feed.js';
import { Monitor, type RecordSink } from '../monitor/monitor.js';
import type { RulesConfig } from '../rules/config.js';
import type { SourceOptions } from '../source/index.js';
import { renderMetrics } from '../views/prometheus.js';
import { serveMetrics, type Exporter } from './exporter.js';
import type { ListenAddress } from './http.js';
import { DemandFeed } from './demand-feed.js';
import { ScrapeState } from './scrape-state.js';
import { WorkerSampler } from './worker-source.js';

export interface ServeOptions {
  source: SourceOptions;
  listen: ListenAddress;
  intervalMs: number;
  /** undefined: every sample a full one (the scrapes bound the cost) */
  maxCpu: number | undefined;
  historySize: number;
  rules: RulesConfig;
  /** destinations exported */
  top: number;
  recorder: RecordSink | undefined;
}

/**
 * `tcpwatch serve`: sampling follows the scrapes. A scrape is answered at once from the last
 * complete sample (with its age) and plans the next one, timed to end just before the next scrape
 * is due, which the monitor takes in a worker thread no sooner than one interval after the last
 * (the full table each time, or as --max-cpu allows when it is given). So an exporter scraped
 * every 60 s samples every 60 s, and what a scrape serves is a fifth of that old (or one sample's
 * duration, when longer).
 *
 * The built-in engine judges the samples the scrapes cause: a level is confirmed over `samples`
 * scrapes, as the generated Prometheus rules confirm it over samples x interval, and rates are
 * per second of the real time between samples. Unscraped, the exporter samples nothing: its
 * alerts are seen only through scrapes (tcpwatch_alert_level). With --record it samples every
 * interval, scraped or not, so the recording has the cadence asked for. Resolves once the first sample was tried and the port is open.
 */
export async function startExporter(o: ServeOptions): Promise<Exporter> {
  const sampler = new WorkerSampler({ ...o.source, maxCpu: o.maxCpu, intervalMs: o.intervalMs });
  const scrape = new ScrapeState(o.source.source === 'auto' || o.source.source === undefined ? 'procfs' : o.source.source);
  const feed = new DemandFeed(liveFeed(scrape.timed(sampler.take)), o.recorder !== undefined);
  const monitor = new Monitor({ feed, intervalMs: o.intervalMs, historySize: o.historySize, rules: o.rules, recorder: o.recorder });
  monitor.subscribe(scrape.onEvent);
  // the first scrape has data: wait for the first sample (or its gap)
  const first = new Promise<void>((resolve) => monitor.subscribe((e) => e.kind !== 'end' && resolve()));
  monitor.start();
  await first;
  const stopSampling = async () => {
    feed.close();
    await monitor.stop();
    await sampler.stop();
  };
  return serveMetrics(o.listen, stopSampling, (self) => {
    feed.demand();
    return renderMetrics({ ...scrape.snapshot(), top: o.top, ...self });
  });
}
