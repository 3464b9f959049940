import type { HistoryEntry } from '../history.js';
import type { Feed } from '../monitor/feed.js';

/**
 * A feed that samples when scraped: each `demand()` (a scrape) lets one more sample be taken, and
 * the monitor's interval keeps samples at least that far apart. The first sample is taken at
 * once, so the first scrape has data; an exporter nobody scrapes samples nothing. With
 * `everyInterval` (serve --record: a recording is asked for at --interval) it samples on every
 * interval, scraped or not.
 */
export class DemandFeed<E = HistoryEntry> implements Feed<E> {
  private wanted = true;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly inner: Feed<E>,
    private readonly everyInterval = false,
  ) {}

  /** A scrape came: the next sample may be taken (at once if the interval has passed). */
  demand(): void {
    this.wanted = true;
    this.release();
  }

  /** No more samples: a waiting `next()` ends the feed. */
  close(): void {
    this.closed = true;
    this.release();
  }

  async next(): Promise<E | undefined> {
    if (!this.everyInterval && !this.wanted && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.closed) return undefined;
    this.wanted = false;
    return this.inner.next();
  }

  private release(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
