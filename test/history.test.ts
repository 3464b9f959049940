import { describe, expect, it } from 'vitest';
import { History, isGap } from '../src/history.js';
import type { Sample } from '../src/types.js';
import { sample } from './helpers/synthetic.js';

const withDetail = (time: number): Sample => {
  const s = sample(time, {
    destinations: [{ local: '10.0.0.5', remote: '10.0.0.9', remotePort: 8080, portsInUse: 3, states: { ESTABLISHED: 3 } }],
    destinationCount: 1,
    closeWait: [{ direction: 'inbound', address: '10.0.0.5', port: 443, count: 2 }],
    counters: { Tcp: { ActiveOpens: time }, TcpExt: {} },
  });
  s.states.ESTABLISHED = time;
  return s;
};

describe('History', () => {
  it('is a ring: the oldest entries go once it is full', () => {
    const h = new History(3);
    for (let t = 1; t <= 5; t++) h.push(sample(t));
    expect(h.size).toBe(3);
    expect(h.toArray().map((e) => e.time)).toEqual([3, 4, 5]);
  });

  it('keeps per-socket detail on the newest sample only, counts and counters on all, and never changes a pushed sample', () => {
    const h = new History(10);
    const pushed = [1, 2, 3].map(withDetail);
    for (const s of pushed) h.push(s);
    h.push({ time: 4, gap: true, error: 'netstat hung' });
    h.push(withDetail(5));
    const all = h.toArray();
    expect(all.map((e) => (isGap(e) ? 'gap' : e.destinations.length))).toEqual([0, 0, 0, 'gap', 1]);
    // counters stay on the two newest samples, which rates and counter rises compare
    expect(all.map((e) => (isGap(e) ? 'gap' : e.counters.Tcp.ActiveOpens))).toEqual([undefined, undefined, 3, 'gap', 5]);
    expect(all.map((e) => (isGap(e) ? undefined : e.closeWait?.length))).toEqual([undefined, undefined, undefined, undefined, 1]);
    // what sparklines, rates and the rules read of older entries is all there
    expect(h.series((s) => s.states.ESTABLISHED)).toEqual([1, 2, 3, NaN, 5]);
    expect(h.rate((s) => s.counters.Tcp.ActiveOpens)).toBe(1000); // 3 -> 5 in 2 ms, across the gap
    expect(all.map((e) => (isGap(e) ? 0 : e.destinationCount))).toEqual([1, 1, 1, 0, 1]);
    // the caller's objects (a cheap tick shares its breakdown with a full one) are untouched
    expect(pushed.every((s) => s.destinations.length === 1 && s.closeWait?.length === 1)).toBe(true);
    expect(h.latestSample()?.destinations[0]?.remotePort).toBe(8080);
  });

  it('through a gap the last good sample keeps its detail (the screen shows it meanwhile)', () => {
    const h = new History(10);
    h.push(withDetail(1));
    h.push(withDetail(2));
    h.push({ time: 3, gap: true, error: 'netstat hung' });
    h.push({ time: 4, gap: true, error: 'netstat hung' });
    expect(h.latestSample()?.destinations).toHaveLength(1);
    expect(h.rate((s) => s.counters.Tcp.ActiveOpens)).toBe(1000);
  });

  it('a sample the ring overwrote while gaps came in is not touched, nor a gap put in its slot', () => {
    const h = new History(2);
    h.push(withDetail(1));
    h.push({ time: 2, gap: true, error: 'x' });
    h.push({ time: 3, gap: true, error: 'x' }); // overwrites sample 1
    h.push(withDetail(4));
    h.push(withDetail(5));
    expect(h.toArray().map((e) => (isGap(e) ? 'gap' : e.time))).toEqual([4, 5]);
    expect(h.rate((s) => s.counters.Tcp.ActiveOpens)).toBe(1000);
  });
});
