import { isGap } from '../history.js';
import type { MonitorEvent } from '../monitor/monitor.js';
import type { Alert, Sample } from '../types.js';
import type { SourceStatus } from '../views/prometheus.js';

export interface ScrapeSnapshot {
  sample: Sample | undefined;
  alerts: Alert[];
  ageSeconds: number | undefined;
  sources: SourceStatus[];
}

/**
 * What a scrape is answered from: the monitor's last complete sample and its alerts, and how the
 * last sample went. A scrape only reads what is here, so it never waits for a sample and never
 * starts one; a scrape during a slow sample gets the previous one with its age.
 */
export class ScrapeState {
  private latest: Sample | undefined;
  private alerts: Alert[] = [];
  private status: SourceStatus | undefined;

  constructor(
    /** the source's name in tcpwatch_scrape_* until a sample names it */
    private readonly source: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The source, timed: each sample's duration and success become tcpwatch_scrape_*. */
  timed(take: () => Promise<Sample>): () => Promise<Sample> {
    return async () => {
      const t0 = performance.now();
      try {
        const s = await take();
        this.status = { source: s.source, success: true, durationSeconds: (performance.now() - t0) / 1000 };
        return s;
      } catch (err) {
        this.status = { source: this.status?.source ?? this.source, success: false, durationSeconds: (performance.now() - t0) / 1000 };
        throw err;
      }
    };
  }

  /** A monitor's listener: keeps the last sample and the alerts in force (a gap keeps the last good one). */
  readonly onEvent = (e: MonitorEvent): void => {
    if (e.kind !== 'tick' || isGap(e.tick.entry)) return;
    this.latest = e.tick.entry;
    this.alerts = e.tick.active;
  };

  snapshot(): ScrapeSnapshot {
    return {
      sample: this.latest,
      alerts: this.alerts,
      ageSeconds: this.latest ? Math.max(0, (this.now() - this.latest.time) / 1000) : undefined,
      sources: this.status ? [this.status] : [],
    };
  }
}
