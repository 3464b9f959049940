import { describe, expect, it } from 'vitest';
import { timeWaitNow, twShare } from '../src/netns-rank.js';
import { sample } from './helpers/synthetic.js';

describe('timeWaitNow: the TIME_WAIT a namespaces row shows beside its share of the buckets', () => {
  const at = (tw: number, rows: number, breakdownTime?: number, finWait2 = 0) => {
    const s = sample(10_000, { sockstat: { tw }, ...(breakdownTime !== undefined ? { breakdownTime } : {}) });
    s.states.TIME_WAIT = rows;
    s.states.FIN_WAIT2 = finWait2;
    return s;
  };

  it("a table read for this sample: the table's count", () => {
    expect(timeWaitNow(at(310, 300))).toBe(300);
    expect(timeWaitNow(at(310, 300, 10_000))).toBe(300);
  });

  it("a tick that read the counters only: sockstat's tw, as the share beside it", () => {
    const s = at(1000, 94, 2000);
    expect(timeWaitNow(s)).toBe(1000);
    expect(twShare(s)).toBe(1);
  });

  it('a tick that read the counters only, with orphaned FIN_WAIT2 (timewait mini-sockets, in tw): those are not TIME_WAIT', () => {
    // a server that never closes, its clients gone: 150 FIN_WAIT2 in the table, tw 150, no TIME_WAIT
    const s = at(150, 0, 2000, 150);
    expect(timeWaitNow(s)).toBe(0);
    // their share of the buckets still counts them: the kernel does
    expect(twShare(sample(10_000, { sockstat: { tw: 150 }, limits: { ...sample(0).limits, tcp_max_tw_buckets: 1500 } }))).toBeCloseTo(0.1);
    expect(timeWaitNow(at(1150, 900, 2000, 150))).toBe(1000);
  });
});
