import { NetnsJudges } from '../monitor/netns-judges.js';
import { Poller } from '../monitor/poller.js';
import { netnsMetricName } from '../netns-label.js';
import type { JudgedNetns, NetnsEntry } from '../types.js';
import { renderNetnsMetrics } from '../views/prometheus-netns.js';
import type { SourceStatus } from '../views/prometheus.js';
import { DemandFeed } from './demand-feed.js';
import { serveMetrics, type Exporter } from './exporter.js';
import type { ServeOptions } from './run.js';
import { WorkerSampler } from './worker-source.js';

/** One sample of every namespace, as the sampling thread sends it. */
interface Round {
  entries: NetnsEntry[];
  warnings: string[];
}

type Taken = { round: Round; time: number; durationSeconds: number } | { error: string; durationSeconds: number };

export interface AllNetnsServeOptions extends Omit<ServeOptions, 'recorder'> {
  /** namespaces exported one by one; the rest summed under netns="other" */
  topNetns: number;
  /** a problem worth a line on stderr: a namespace that cannot be read, discovery's own */
  warn: (message: string) => void;
}

/**
 * Warns once per problem while it lasts: a namespace unreadable for the same reason scrape after
 * scrape is one line, and again if it recovers and fails later.
 */
function onceWhileItLasts(warn: (m: string) => void): (messages: string[]) => void {
  let last = new Set<string>();
  return (messages) => {
    const now = new Set(messages);
    for (const m of now) if (!last.has(m)) warn(m);
    last = now;
  };
}

/**
 * `tcpwatch serve --all-netns`: as serve, sampling follows the scrapes (at most one round per
 * interval, in the worker thread), but each round samples every network namespace, found afresh
 * (pods that came and went are picked up and dropped), and each is judged over its own history.
 * A scrape is answered from the last complete round.
 */
export async function startAllNetnsExporter(o: AllNetnsServeOptions): Promise<Exporter> {
  const sampler = new WorkerSampler<Round>({ ...o.source, maxCpu: o.maxCpu, intervalMs: o.intervalMs, allNetns: { topDestinations: Math.max(o.top, 100) } });
  const judges = new NetnsJudges(o.rules, o.historySize);
  const warnings = onceWhileItLasts(o.warn);
  let latest: { entries: JudgedNetns[]; time: number } | undefined;
  let status: SourceStatus | undefined;
  const feed = new DemandFeed<Taken>({
    next: async () => {
      const time = Date.now();
      const t0 = performance.now();
      try {
        const round = await sampler.take();
        return { round, time, durationSeconds: (performance.now() - t0) / 1000 };
      } catch (err) {
        return { error: (err as Error).message, durationSeconds: (performance.now() - t0) / 1000 };
      }
    },
  });
  let firstDone: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstDone = resolve));
  const onRound = (t: Taken) => {
    if ('error' in t) {
      status = { source: status?.source ?? 'netns', success: false, durationSeconds: t.durationSeconds };
      warnings([`cannot sample the network namespaces: ${t.error}`]);
    } else {
      const first = latest === undefined;
      const entries = judges.judge(t.round.entries);
      latest = { entries, time: t.time };
      const source = entries.find((e): e is Extract<JudgedNetns, { sample: unknown }> => 'sample' in e)?.sample.source ?? 'netns';
      status = { source, success: true, durationSeconds: t.durationSeconds };
      // discovery's own warnings (processes that ended meanwhile, others' when not root) once, with the first round
      warnings([...(first ? t.round.warnings : []), ...entries.flatMap((e) => ('error' in e ? [`netns ${netnsMetricName(e.netns)} cannot be read: ${e.error}`] : []))]);
    }
    firstDone();
  };
  const poller = new Poller<Taken>(feed, o.intervalMs, onRound, firstDone, (err) => {
    o.warn(`sampling stopped: ${(err as Error).message}`);
    firstDone();
  });
  poller.start();
  await first;
  const stopSampling = async () => {
    feed.close();
    poller.stop();
    await sampler.stop();
  };
  return serveMetrics(o.listen, stopSampling, (self) => {
    feed.demand();
    return renderNetnsMetrics({
      entries: latest?.entries ?? [],
      topNetns: o.topNetns,
      top: o.top,
      ageSeconds: latest ? Math.max(0, (Date.now() - latest.time) / 1000) : undefined,
      sources: status ? [status] : [],
      ...self,
    });
  });
}
