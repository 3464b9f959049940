import { describe, expect, it } from 'vitest';
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
