import type { HistoryEntry } from '../history.js';
import type { Feed } from '../monitor/feed.js';
import { nextSampleDelay, SCRAPES_KEPT } from './scrape-schedule.js';

/**
 * A feed that samples when scraped: each `demand()` (a scrape) lets one more sample be taken,
 * timed to finish just before the next scrape is due (scrape-schedule.ts), and the monitor's
 * interval keeps samples at least that far apart. The first sample is taken at once, so the first
 * scrape has data, and so is the one after the first scrape, before a period is known; a scrape
 * that comes before the sample planned for it is sampled for at once as well. An exporter nobody
 * scrapes samples nothing. With `everyInterval` (serve --record: a recording is asked for at
 * --interval) it samples on every interval, scraped or not.
 */
export class DemandFeed<E = HistoryEntry> implements Feed<E> {
  private wanted = true;
  private closed = false;
  private wake: (() => void) | undefined;
  private planned: ReturnType<typeof setTimeout> | undefined;
  private readonly scrapes: number[] = [];
  private readonly durationsMs: number[] = [];

  constructor(
    private readonly inner: Feed<E>,
    private readonly everyInterval = false,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A scrape came: plan the sample the next scrape will be served. */
  demand(): void {
    if (this.everyInterval || this.closed) return;
    this.scrapes.push(this.now());
    if (this.scrapes.length > SCRAPES_KEPT) this.scrapes.shift();
    const missed = this.planned !== undefined;
    this.cancelPlan();
    const delay = nextSampleDelay({ scrapes: this.scrapes, durationsMs: this.durationsMs });
    if (missed || delay === 0) this.want();
    if (delay > 0)
      this.planned = setTimeout(() => {
        this.planned = undefined;
        this.want();
      }, delay);
  }

  /** No more samples: a waiting `next()` ends the feed. */
  close(): void {
    this.closed = true;
    this.cancelPlan();
    this.release();
  }

  async next(): Promise<E | undefined> {
    if (!this.everyInterval && !this.wanted && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.closed) return undefined;
    this.wanted = false;
    const t0 = this.now();
    const entry = await this.inner.next();
    this.durationsMs.push(this.now() - t0);
    if (this.durationsMs.length > SCRAPES_KEPT) this.durationsMs.shift();
    return entry;
  }

  private want(): void {
    this.wanted = true;
    this.release();
  }

  private cancelPlan(): void {
    clearTimeout(this.planned);
    this.planned = undefined;
  }

  private release(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
