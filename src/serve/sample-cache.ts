import { History, isGap, type Gap, type HistoryEntry } from '../history.js';
import { Poller } from '../poller.js';
import type { Alert, Sample } from '../types.js';
import type { SourceStatus } from '../views/prometheus.js';

export interface SampleCacheOptions {
  take: () => Promise<Sample>;
  /** the source's name in tcpwatch_scrape_* until a sample names it (procfs, sock_diag, netstat-windows, ...) */
  source: string;
  intervalMs: number;
  historySize: number;
  alertsFor: (history: History) => Alert[];
  /** called with every complete sample and its alerts, or the failed tick (recording) */
  onSample?: (sample: Sample, alerts: Alert[]) => void;
  onGap?: (gap: Gap) => void;
  now?: () => number;
}

export interface CacheSnapshot {
  sample: Sample | undefined;
  alerts: Alert[];
  ageSeconds: number | undefined;
  sources: SourceStatus[];
}

/**
 * Samples on its own interval and keeps the last complete sample for scrapes. A scrape only reads
 * what is here, so it never waits for a sample and never starts one: however many scrapes arrive,
 * at most one sample runs at a time (the poller does not overlap), and a scrape during a slow
 * sample gets the previous one with its age.
 */
export class SampleCache {
  readonly history: History;
  private latest: Sample | undefined;
  private alerts: Alert[] = [];
  private status: SourceStatus | undefined;
  private readonly poller: Poller;
  private firstDone: (() => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: SampleCacheOptions) {
    this.history = new History(opts.historySize);
    this.now = opts.now ?? Date.now;
    this.poller = new Poller(() => this.timed(), opts.intervalMs, (e) => this.onEntry(e));
  }

  /** Starts sampling; resolves once the first sample has been tried, so the first scrape has data. */
  start(): Promise<void> {
    const first = new Promise<void>((resolve) => (this.firstDone = resolve));
    this.poller.start();
    return first;
  }

  stop(): void {
    this.poller.stop();
  }

  snapshot(): CacheSnapshot {
    return {
      sample: this.latest,
      alerts: this.alerts,
      ageSeconds: this.latest ? Math.max(0, (this.now() - this.latest.time) / 1000) : undefined,
      sources: this.status ? [this.status] : [],
    };
  }

  private async timed(): Promise<Sample> {
    const t0 = performance.now();
    try {
      const s = await this.opts.take();
      this.status = { source: s.source, success: true, durationSeconds: (performance.now() - t0) / 1000 };
      return s;
    } catch (err) {
      this.status = { source: this.status?.source ?? this.opts.source, success: false, durationSeconds: (performance.now() - t0) / 1000 };
      throw err;
    }
  }

  private onEntry(e: HistoryEntry): void {
    this.history.push(e);
    if (!isGap(e)) {
      this.latest = e;
      this.alerts = this.opts.alertsFor(this.history);
      this.opts.onSample?.(e, this.alerts);
    } else {
      this.opts.onGap?.(e);
    }
    this.firstDone?.();
    this.firstDone = undefined;
  }
}
