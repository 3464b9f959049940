import { describe, expect, it } from 'vitest';
import { OWNERS_EVERY_S, pacedWait, scanKind, wantFullBreakdown } from '../src/budget.js';
import { createLiveSource } from '../src/source/live.js';
import { emptyUnparsed } from '../src/parse/unparsed.js';
import { sampleFromRows } from '../src/sample.js';
import type { Sample } from '../src/types.js';

const policy = { maxCpu: 0.05, maxAge: 30 };

describe('wantFullBreakdown', () => {
  it('takes the first breakdown whatever it costs', () => {
    expect(wantFullBreakdown({ cpuSpent: 0, wallElapsed: 0, lastFullCost: 0, breakdownAge: Infinity, interval: 2 }, policy)).toBe(true);
  });
  it('waits while one more scan would exceed 5 % of a core', () => {
    // 0.8 s per scan at 5 %: 16 s of wall time per scan
    expect(wantFullBreakdown({ cpuSpent: 0.8, wallElapsed: 10, lastFullCost: 0.8, breakdownAge: 10, interval: 2 }, policy)).toBe(false);
    expect(wantFullBreakdown({ cpuSpent: 0.8, wallElapsed: 30, lastFullCost: 0.8, breakdownAge: 20, interval: 2 }, policy)).toBe(true);
  });
  it('never lets the breakdown get older than maxAge, budget or not', () => {
    expect(wantFullBreakdown({ cpuSpent: 100, wallElapsed: 60, lastFullCost: 5, breakdownAge: 29, interval: 2 }, policy)).toBe(true);
  });
  it('a cheap host gets a fresh breakdown every tick', () => {
    expect(wantFullBreakdown({ cpuSpent: 0.01, wallElapsed: 2, lastFullCost: 0.001, breakdownAge: 2, interval: 2 }, policy)).toBe(true);
  });
});

describe('scanKind with owners wanted', () => {
  const base = { cpuSpent: 1.2, wallElapsed: 50, lastFullCost: 0.8, breakdownAge: 4, interval: 2, lastOwnersCost: 1.2, ownersAge: 20 };
  it('owners when their last cost (before the first: twice the table) fits the share of a core, never over it', () => {
    expect(scanKind({ ...base, cpuSpent: 0.5, lastOwnersCost: 0, ownersAge: Infinity }, policy, true)).toBe('owners');
    expect(scanKind({ ...base, cpuSpent: 2, lastOwnersCost: 0, ownersAge: Infinity }, policy, true)).toBe('cheap');
    // 1.2 + 1.2 <= 5 % of 52 s
    expect(scanKind(base, policy, true)).toBe('owners');
    expect(scanKind({ ...base, wallElapsed: 10 }, policy, true)).toBe('cheap');
  });
  it('a due owners scan that does not fit yet holds plain scans back, unless the breakdown grows too old', () => {
    const tight = { ...base, cpuSpent: 1, wallElapsed: 20 }; // 5 % of 22 s = 1.1: room for a 0.05 s scan, not a 1.2 s one
    expect(scanKind({ ...tight, lastFullCost: 0.05 }, policy, false)).toBe('full');
    expect(scanKind({ ...tight, lastFullCost: 0.05 }, policy, true)).toBe('cheap');
    expect(scanKind({ ...tight, lastFullCost: 0.05, breakdownAge: 29 }, policy, true)).toBe('full');
  });
  it(`not due (within ${OWNERS_EVERY_S} s of the last): as without owners`, () => {
    expect(scanKind({ ...base, ownersAge: 4, lastFullCost: 0.01 }, policy, true)).toBe('full');
  });
});

describe('createLiveSource', () => {
  const sample = (time: number): Sample => sampleFromRows({ time, host: 'h', source: 'procfs', limits: {}, warnings: [] }, () => emptyUnparsed());

  it('spends CPU on full scans only within the budget, cheap ticks in between, averaging at most maxCpu', async () => {
    let cpu = 0;
    let wall = 0;
    const kinds: string[] = [];
    const take = createLiveSource({
      full: () => {
        cpu += 0.8; // what a full scan costs at 270k sockets
        kinds.push('full');
        return Promise.resolve(sample(wall * 1000));
      },
      cheap: (b) => {
        cpu += 0.003;
        kinds.push('cheap');
        return Promise.resolve({ ...b, time: wall * 1000, breakdownTime: b.breakdownTime ?? b.time });
      },
      policy,
      intervalMs: () => 2000,
      cpuSeconds: () => cpu,
      wallSeconds: () => wall,
    });
    let maxAge = 0;
    for (let tick = 0; tick < 300; tick++) {
      const s = await take();
      maxAge = Math.max(maxAge, (s.time - (s.breakdownTime ?? s.time)) / 1000);
      wall += 2;
    }
    const fulls = kinds.filter((k) => k === 'full').length;
    expect(fulls).toBeGreaterThan(10);
    expect(kinds.filter((k) => k === 'cheap').length).toBeGreaterThan(200);
    expect(cpu / wall).toBeLessThanOrEqual(0.05 + 0.8 / wall); // one scan of slack at the start
    expect(maxAge).toBeLessThanOrEqual(30);
  });

  it('with owners by budget: some full scans name owners, the rest are plain, all within maxCpu', async () => {
    let cpu = 0;
    let wall = 0;
    const kinds: string[] = [];
    const scan = (kind: string, cost: number) => () => {
      cpu += cost;
      kinds.push(kind);
      return Promise.resolve(sample(wall * 1000));
    };
    const take = createLiveSource({
      full: scan('full', 0.8),
      withOwners: scan('owners', 1.6), // the /proc/*/fd walk on top of the table
      cheap: (b) => {
        cpu += 0.003;
        kinds.push('cheap');
        return Promise.resolve({ ...b, time: wall * 1000, breakdownTime: b.breakdownTime ?? b.time });
      },
      policy,
      intervalMs: () => 2000,
      cpuSeconds: () => cpu,
      wallSeconds: () => wall,
    });
    for (let tick = 0; tick < 300; tick++) {
      await take();
      wall += 2;
    }
    const count = (k: string) => kinds.filter((x) => x === k).length;
    expect(kinds[0]).toBe('full');
    expect(count('owners')).toBeGreaterThan(3);
    expect(count('full') + count('owners')).toBeGreaterThan(10);
    expect(cpu / wall).toBeLessThanOrEqual(0.05 + 1.6 / wall);
  });

  it('the breakdown shown is never older than maxAge, also when a full scan takes seconds of wall time', async () => {
    let wall = 0;
    let cpu = 0;
    const take = createLiveSource({
      full: () => {
        cpu += 100; // over budget from the first scan on: full scans only when the age forces them
        const s = sample(wall * 1000); // a sample's time is when its scan began
        wall += 4; // a busy host: the kernel's walk of 270k sockets while others run
        return Promise.resolve(s);
      },
      cheap: (b) => Promise.resolve({ ...b, time: wall * 1000, breakdownTime: b.breakdownTime ?? b.time }),
      policy,
      intervalMs: () => 2000,
      cpuSeconds: () => cpu,
      wallSeconds: () => wall,
    });
    let maxAge = 0;
    for (let tick = 0; tick < 100; tick++) {
      const s = await take();
      maxAge = Math.max(maxAge, (s.time - (s.breakdownTime ?? s.time)) / 1000);
      wall += 2;
    }
    expect(maxAge).toBeGreaterThan(20);
    expect(maxAge).toBeLessThanOrEqual(30);
  });

  it('without a cheap path every tick is a full sample', async () => {
    let n = 0;
    const take = createLiveSource({ full: () => Promise.resolve(sample(n++)), intervalMs: () => 2000 });
    await take();
    const s = await take();
    expect(n).toBe(2);
    expect(s.breakdownTime).toBeUndefined();
  });
});

describe('pacedWait: spacing ticks whose floor is over the budget', () => {
  const p = { maxCpu: 0.01, interval: 2, maxWait: 30 };
  it('the interval while a cycle costs less than maxCpu of it', () => {
    expect(pacedWait(0.015, 0.01, p)).toBe(2);
  });
  it('longer where it costs more: 60 ms a cycle at 1 % is one tick every 6 s (less the tick itself)', () => {
    expect(pacedWait(0.06, 0.05, p)).toBeCloseTo(5.95, 6);
  });
  it('never past maxWait, and no budget (0) never stretches', () => {
    expect(pacedWait(5, 0.5, p)).toBe(30);
    expect(pacedWait(5, 0.5, { ...p, maxCpu: 0 })).toBe(2);
  });
});
