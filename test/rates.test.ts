import { describe, expect, it } from 'vitest';
import { ageBucket, fullInSeconds, fullInText, newPerSecond, ratesFromAges, ratesFromDeltas, soonest } from '../src/rates.js';

/** 60 age buckets with `perSecond` closes in each of the first `seconds`. */
const steady = (perSecond: number, seconds: number) => Array.from({ length: 60 }, (_, i) => (i < seconds ? perSecond : 0));

describe('TIME_WAIT ages', () => {
  it.each([
    [6000, 0], // a timer just armed: closed now
    [5901, 0],
    [5900, 1],
    [5806, 1], // the fixture's row: 58.06 s left
    [100, 59],
    [0, 59], // the kernel clamps at 0
    [6100, 0], // never negative
  ])('%i ticks left -> closed %i s ago', (ticks, bucket) => {
    expect(ageBucket(ticks)).toBe(bucket);
  });
});

describe('new connections per second', () => {
  it('is the closes of the last 10 s over 10 s', () => {
    expect(newPerSecond(steady(40, 60))).toBe(40);
  });
  it('a load that began 3 s ago is divided by 3, not by 10 or 60', () => {
    expect(newPerSecond(steady(470, 3))).toBe(470);
  });
  it('a load that stopped a few seconds ago is 0, not what the window remembers (15/s, silent for the last 4 s)', () => {
    const stopped = steady(15, 20).map((n, i) => (i < 4 ? 0 : n));
    expect(newPerSecond(stopped)).toBe(0);
  });
  it('a slow load with a quiet last second or two is still a slow load, not a stop', () => {
    // one close every other second: the youngest second is often empty by chance
    const slow = Array.from({ length: 60 }, (_, i) => (i % 2 === 1 ? 1 : 0));
    expect(newPerSecond(slow)).toBe(0.5);
  });
  it('is 0 without TIME_WAIT in the last 10 s, whatever came before', () => {
    const old = steady(0, 0);
    old[30] = 500;
    expect(newPerSecond(old)).toBe(0);
  });
});

describe('seconds until the ports run out', () => {
  it('with nothing expiring soon: free ports over the rate', () => {
    // 12 s of 40/s: 480 ports held, 1,520 free at 40/s
    expect(fullInSeconds({ inUse: 480, usable: 2000, rate: 40, ages: steady(40, 12), timeWaitS: 60 })).toBe(38);
  });
  it('expiring TIME_WAIT gives ports back: a steady load just under the range never fills', () => {
    // 33/s for a minute holds 1,980 of 2,000: every second 33 expire and 33 are taken
    expect(fullInSeconds({ inUse: 1980, usable: 2000, rate: 33, ages: steady(33, 60), timeWaitS: 60 })).toBeNull();
  });
  it('a faster load on top of old TIME_WAIT fills later than free/rate, as the old ones expire first', () => {
    // 1,000 TIME_WAIT 50-59 s old, 100/s now: they free 100/s for 10 s, so the 1,000 free last 20 s, not 10
    const ages = steady(0, 0);
    for (let i = 50; i < 60; i++) ages[i] = 100;
    expect(fullInSeconds({ inUse: 1000, usable: 2000, rate: 100, ages, timeWaitS: 60 })).toBe(20);
  });
  it('is 0 when full and null when there is no load', () => {
    expect(fullInSeconds({ inUse: 2000, usable: 2000, rate: 0, ages: steady(0, 0), timeWaitS: 60 })).toBe(0);
    expect(fullInSeconds({ inUse: 10, usable: 2000, rate: 0, ages: steady(0, 0), timeWaitS: 60 })).toBeNull();
  });
  it('a slow load whose rate x 60 s stays below the range never fills', () => {
    expect(ratesFromAges(steady(20, 30), 600, 2000, 60).fullInSeconds).toBeNull();
    // live ports count too: 900 ESTABLISHED + 20/s x 60 s = 2,100 > 2,000
    expect(ratesFromAges(steady(20, 30), 1500, 2000, 60).fullInSeconds).not.toBeNull();
  });
});

describe('from two samples where no timer is printed (Windows, macOS)', () => {
  it('growth plus what left TIME_WAIT', () => {
    // 0 -> 400 TIME_WAIT in 10 s: 40/s
    expect(ratesFromDeltas(0, 400, 10, 400, 16384, 120).newPerSecond).toBe(40);
    // steady at 2,400 with 60 s TIME_WAIT: 40 enter as 40 leave each second
    expect(ratesFromDeltas(2400, 2400, 2, 2400, 16384, 60).newPerSecond).toBe(40);
    expect(ratesFromDeltas(2400, 2400, 2, 2400, 16384, 60).fullInSeconds).toBeNull();
    expect(ratesFromDeltas(0, 400, 10, 400, 1000, 60).fullInSeconds).toBe(15);
  });
});

describe('text', () => {
  it('soonest and fill times', () => {
    expect(soonest([null, 40, undefined, 12.5])).toBe(12.5);
    expect(soonest([null, undefined])).toBeNull();
    expect([0, 0.4, 40, 299].map(fullInText)).toEqual(['now', '1 s', '40 s', '5 min']);
  });
});
