// Rates between two samples of the table: with timers, the TIME_WAIT sockets younger than the time between;
// without, TIME_WAIT growth plus what left it.
import { describe, expect, it } from 'vitest';
import { Judge } from '../src/monitor/judge.js';
import { defaultRulesConfig } from '../src/rules/config.js';
import { ratesFromAges } from '../src/rates.js';
import { ratesBetween, youngerThan } from '../src/tick-rates.js';
import type { Destination, Sample } from '../src/types.js';
import { sample } from './helpers/synthetic.js';

/** A histogram with `n` sockets in each of the given age buckets. */
const ages = (buckets: number[], n: number) => Array.from({ length: 60 }, (_, i) => (buckets.includes(i) ? n : 0));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** One destination whose TIME_WAIT sockets have the ages `a`, with timers (Linux) or without (`timers` false). */
function withDest(time: number, a: number[], o: { timers?: boolean; usable?: number; others?: number } = {}): Sample {
  const tw = sum(a);
  const inUse = tw + (o.others ?? 0);
  const usable = o.usable ?? 1000;
  const d: Destination = { local: '10.0.0.5', remote: '10.0.0.9', remotePort: 8080, portsInUse: inUse, states: { TIME_WAIT: tw } };
  const timers = o.timers ?? true;
  const s = sample(time, { destinations: [timers ? { ...d, rates: ratesFromAges(a, inUse, usable, 60) } : d], destinationCount: 1 });
  s.limits.ephemeral_ports = usable;
  s.states.TIME_WAIT = tw;
  return timers ? { ...s, rates: ratesFromAges(a, 0, undefined, 60) } : { ...s, source: 'netstat-windows' };
}
const dest = (s: Sample) => s.destinations[0]?.rates;

describe('youngerThan: the sockets of a histogram that entered TIME_WAIT within the last seconds', () => {
  it('counts whole buckets below the boundary and a cut bucket by its share', () => {
    expect(youngerThan(ages([0, 1], 40), 2)).toBe(80);
    expect(youngerThan(ages([2], 40), 2)).toBe(0);
    expect(youngerThan(ages([0], 40), 0.5)).toBe(20);
    expect(youngerThan(ages([0, 1, 2], 10), 2.5)).toBe(25);
    expect(youngerThan(ages(range(0, 59), 1), 0)).toBe(0);
  });
});

describe('ratesBetween with timers (Linux)', () => {
  it('40/s for 2 s since the previous sample: the count between them, and the fill time from it', () => {
    const before = withDest(0, ages([0, 1], 40));
    const now = withDest(2000, ages(range(0, 3), 40));
    const r = dest(ratesBetween(before, now, 2));
    expect(r?.newPerSecond).toBe(40);
    expect(r?.basis).toBe('timers+deltas');
    // 840 free ports at 40/s, nothing expiring within that time
    expect(r?.fullInSeconds).toBeCloseTo(21, 0);
    expect(r?.timeWaitAges).toEqual(ages(range(0, 3), 40));
  });

  it('a load that stopped: zero between ticks, as one sample whose youngest seconds are silent also says', () => {
    const before = withDest(0, ages(range(0, 9), 40));
    const now = withDest(2000, ages(range(2, 11), 40));
    expect(dest(now)?.newPerSecond).toBe(0);
    const r = ratesBetween(before, now, 2);
    expect(dest(r)?.newPerSecond).toBe(0);
    expect(dest(r)?.fullInSeconds).toBeNull();
    expect(r.rates?.newPerSecond).toBe(0);
  });

  it('what expired in between counts as having been there: a steady 40/s stays 40/s', () => {
    // a minute of 40/s: every bucket full; 1 s later the oldest second has left and a new one came
    const before = withDest(0, ages(range(0, 59), 40));
    const now = withDest(1000, ages(range(0, 59), 40));
    expect(dest(ratesBetween(before, now, 1))?.newPerSecond).toBe(40);
    expect(ratesBetween(before, now, 1).rates?.newPerSecond).toBe(40);
  });

  it('sockets outliving their printed expiry (the timer wheel fires late) are not taken for new ones', () => {
    // a burst 50-59 s ago, 15/s; the oldest bucket also holds those whose timer ran out but has not fired
    // (on 6.18, HZ 250: 21 there where a second holds 15); 2 s later only 30 have gone, none came
    const before = withDest(0, [...ages(range(50, 58), 15).slice(0, 59), 21]);
    const now = withDest(2000, [...ages(range(52, 58), 15).slice(0, 59), 21]);
    const r = ratesBetween(before, now, 2);
    expect(dest(r)?.newPerSecond).toBe(0);
    expect(r.rates?.newPerSecond).toBe(0);
  });

  it('ticks further apart than the one-sample window keep the window', () => {
    const before = withDest(0, ages([0], 40));
    const now = withDest(30_000, ages([0, 30], 40));
    expect(dest(ratesBetween(before, now, 30))).toEqual(dest(now));
  });

  it('a destination the earlier sample did not list: its own timers say what is new, cut list or not', () => {
    const before = { ...withDest(0, ages([0], 10)), destinations: [] };
    const now = withDest(2000, ages([0, 1], 40));
    expect(dest(ratesBetween({ ...before, destinationCount: 0 }, now, 2))?.newPerSecond).toBe(40);
    expect(dest(ratesBetween({ ...before, destinationCount: 100 }, now, 2))?.newPerSecond).toBe(40);
  });
});

describe('ratesBetween without timers (Windows and macOS netstat)', () => {
  it('TIME_WAIT growth plus the steady-state leaving, per destination and host-wide', () => {
    const before = withDest(0, ages([0], 0), { timers: false, usable: 16384 });
    const now = withDest(10_000, ages(range(0, 9), 40), { timers: false, usable: 16384 });
    expect(dest(now)).toBeUndefined();
    const r = ratesBetween(before, now, 10);
    expect(dest(r)).toMatchObject({ newPerSecond: 40, basis: 'deltas', fullInSeconds: null });
    expect(r.rates).toMatchObject({ newPerSecond: 40, basis: 'deltas', fullInSeconds: null });
    // 1,000 usable: it fills
    const small = ratesBetween(withDest(0, ages([0], 0), { timers: false }), withDest(10_000, ages(range(0, 9), 40), { timers: false }), 10);
    expect(dest(small)?.fullInSeconds).toBeCloseTo(15, 0);
    expect(small.rates?.fullInSeconds).toBe(dest(small)?.fullInSeconds);
  });

  it('a destination the earlier sample did not list: new when that list was whole, unknown when it was cut', () => {
    const before = { ...withDest(0, ages([0], 0), { timers: false }), destinations: [] };
    const now = withDest(10_000, ages(range(0, 9), 40), { timers: false });
    expect(dest(ratesBetween({ ...before, destinationCount: 0 }, now, 10))?.newPerSecond).toBe(40);
    expect(dest(ratesBetween({ ...before, destinationCount: 100 }, now, 10))).toBeUndefined();
  });
});

describe('the judge refines each new table against the previous one', () => {
  const rules = defaultRulesConfig();
  it('a cheap tick that carries the table over carries its refined rates', () => {
    const j = new Judge(rules, 10);
    j.push(withDest(0, ages(range(0, 9), 40)));
    const table = j.push(withDest(2000, ages(range(2, 11), 40))).entry as Sample;
    expect(dest(table)?.newPerSecond).toBe(0);
    const raw = withDest(2000, ages(range(2, 11), 40));
    const cheap = j.push({ ...raw, time: 3000, breakdownTime: 2000 }).entry as Sample;
    expect(dest(cheap)?.newPerSecond).toBe(0);
    expect(j.history.latestSample()?.destinations).toBe(table.destinations);
  });
});
