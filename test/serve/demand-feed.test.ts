import { describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../src/history.js';
import { DemandFeed } from '../../src/serve/demand-feed.js';

/** A feed that counts how often it was asked for an entry. */
function counting() {
  let n = 0;
  return {
    get taken() {
      return n;
    },
    feed: { next: (): Promise<HistoryEntry> => Promise.resolve({ time: ++n, gap: true, error: 'x' }) },
  };
}

const settled = async <T>(p: Promise<T>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe('DemandFeed: sampling follows the scrapes', () => {
  it('takes the first sample at once, then one per demand, never more', async () => {
    const c = counting();
    const f = new DemandFeed(c.feed);
    expect(await f.next()).toMatchObject({ time: 1 });
    const second = f.next();
    expect(await settled(second)).toBe(false);
    expect(c.taken).toBe(1);
    // several scrapes before the monitor asks again: still one sample
    f.demand();
    f.demand();
    expect(await second).toMatchObject({ time: 2 });
    expect(await settled(f.next())).toBe(false);
    expect(c.taken).toBe(2);
  });

  it('a demand that came while no one waited is kept for the next ask', async () => {
    const c = counting();
    const f = new DemandFeed(c.feed);
    await f.next();
    f.demand();
    expect(await f.next()).toMatchObject({ time: 2 });
  });

  it('close ends a waiting ask and every later one', async () => {
    const c = counting();
    const f = new DemandFeed(c.feed);
    await f.next();
    const waiting = f.next();
    f.close();
    expect(await waiting).toBeUndefined();
    expect(await f.next()).toBeUndefined();
    expect(c.taken).toBe(1);
  });
});

describe('DemandFeed: a sample timed for the next scrape', () => {
  /** a feed whose samples take `durationMs` of the test's clock, and the clock */
  function timed(durationMs: number) {
    const clock = { t: 0 };
    const starts: number[] = [];
    const feed = {
      next: (): Promise<HistoryEntry> => {
        starts.push(clock.t);
        clock.t += durationMs;
        return Promise.resolve({ time: clock.t, gap: true, error: 'x' });
      },
    };
    return { clock, starts, feed };
  }

  it('once the period is known, samples just before the next scrape, not at the scrape', async () => {
    vi.useFakeTimers();
    try {
      const c = timed(1000);
      const f = new DemandFeed(c.feed, false, () => c.clock.t);
      await f.next(); // at start
      const scrapeAt = (t: number) => {
        c.clock.t = t;
        f.demand();
      };
      scrapeAt(10_000); // first scrape: no period yet, a sample at once
      await f.next();
      expect(c.starts).toEqual([0, 10_000]);
      scrapeAt(70_000); // the period is 60 s: the next sample starts a fifth of it (12 s) before 130 s
      const planned = f.next();
      await vi.advanceTimersByTimeAsync(47_999);
      expect(await settled(planned)).toBe(false);
      c.clock.t = 118_000;
      await vi.advanceTimersByTimeAsync(1);
      await planned;
      expect(c.starts).toEqual([0, 10_000, 118_000]);
      // the scrape at 130 s serves a sample 12 s old, not 60 s
      expect(130_000 - c.starts.at(-1)!).toBeLessThanOrEqual(60_000 / 5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a scrape that comes before the sample planned for it is sampled for at once', async () => {
    vi.useFakeTimers();
    try {
      const c = timed(0);
      const f = new DemandFeed(c.feed, false, () => c.clock.t);
      await f.next();
      for (const t of [0, 60_000]) {
        c.clock.t = t;
        f.demand();
      }
      await f.next(); // the first scrape's
      // the scrapes now come every 15 s: the one at 75 s finds the sample planned for 120 s untaken
      c.clock.t = 75_000;
      f.demand();
      expect(await settled(f.next())).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('close cancels the planned sample', async () => {
    vi.useFakeTimers();
    try {
      const c = timed(0);
      const f = new DemandFeed(c.feed, false, () => c.clock.t);
      await f.next();
      for (const t of [0, 60_000]) {
        c.clock.t = t;
        f.demand();
      }
      await f.next();
      const waiting = f.next();
      f.close();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(await waiting).toBeUndefined();
      expect(c.starts).toEqual([0, 60_000]);
    } finally {
      vi.useRealTimers();
    }
  });
});
