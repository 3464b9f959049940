import { describe, expect, it } from 'vitest';
import { timeWaitNow, twShare } from '../src/netns-rank.js';
import { sample } from './helpers/synthetic.js';

describe('timeWaitNow: the TIME_WAIT a namespaces row shows beside its share of the buckets', () => {
  const at = (tw: number, rows: number, breakdownTime?: number) => {
    const s = sample(10_000, { sockstat: { tw }, ...(breakdownTime !== undefined ? { breakdownTime } : {}) });
    s.states.TIME_WAIT = rows;
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
});
