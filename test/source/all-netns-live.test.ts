import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveAllNetnsSource, type FoundEntry, type NetnsRound } from '../../src/source/all-netns.js';
import { addNamedNetns, ssStates, sysctlIn } from '../helpers/named-netns.js';
import { sockdiagForTests } from '../helpers/sockdiag-addon.js';

const isRoot = process.getuid?.() === 0;
const canEnter = isRoot && sockdiagForTests() !== undefined;
const HOLDER = fileURLToPath(new URL('../helpers/netns-holder.mjs', import.meta.url));

const named = (r: NetnsRound, name: string) => r.entries.find((e): e is Extract<FoundEntry, { sample: unknown }> => e.netns.name === name && 'sample' in e);

describe.skipIf(!canEnter)('the live --all-netns source (root, sock_diag addon)', () => {
  let loaded: Awaited<ReturnType<typeof addNamedNetns>>;
  const spawnHolder = (name: string) => execa('ip', ['netns', 'exec', name, 'node', HOLDER], { stdin: 'pipe', timeout: 60_000, reject: false });
  let holder: ReturnType<typeof spawnHolder>;
  beforeAll(async () => {
    loaded = await addNamedNetns('live', ['net.ipv4.tcp_max_tw_buckets=50']);
    holder = spawnHolder(loaded.name);
    await new Promise((resolve) => holder.stdout?.once('data', resolve));
  });
  afterAll(async () => {
    holder.stdin?.end();
    await holder;
    await loaded.remove();
  });

  it('with no CPU to spare: the tables once, then only counters (the breakdown carried), and a namespace new since then read in full', async () => {
    // a budget of 0: after the first round only the 30 s maxAge would read the tables again
    const { take } = createLiveAllNetnsSource({ maxCpu: 0, intervalMs: () => 1000 });
    const first = await take();
    const a = named(first, loaded.name);
    expect(a?.sample.breakdownTime).toBeUndefined();
    const ss = await ssStates(loaded.name);
    expect(a?.sample.states.ESTABLISHED).toBe(ss.ESTABLISHED);
    expect(a?.sample.states.TIME_WAIT).toBe(ss.TIME_WAIT);
    const later = await addNamedNetns('later', ['net.ipv4.tcp_max_tw_buckets=77']);
    try {
      const second = await take();
      const b = named(second, loaded.name);
      expect(b?.sample.breakdownTime).toBe(a?.sample.time);
      expect(b?.sample.states).toEqual(a?.sample.states);
      // its limits and counters read again, inside it
      expect(b?.sample.limits.tcp_max_tw_buckets).toBe(Number(await sysctlIn(loaded.name, 'net.ipv4.tcp_max_tw_buckets')));
      expect(b?.sample.sockstat.tw).toBe(ss.TIME_WAIT);
      const c = named(second, later.name);
      expect(c?.sample.breakdownTime).toBeUndefined();
      expect(c?.sample.limits.tcp_max_tw_buckets).toBe(77);
    } finally {
      await later.remove();
    }
    // gone: not in the next round, and no error for it
    const third = await take();
    expect(third.entries.some((e) => e.netns.name === later.name)).toBe(false);
    expect(named(third, loaded.name)?.sample.breakdownTime).toBe(a?.sample.time);
  });

  it('rounds that cost more than the budget allows per interval are spaced out (never past 30 s), the first excepted', async () => {
    const tight = createLiveAllNetnsSource({ maxCpu: 0.0001, intervalMs: () => 1000 });
    // the first round reads every table: start-up, not the pace
    await tight.take();
    expect(tight.waitMs(1000)).toBe(1000);
    // then counters only, still well over 0.1 ms of CPU a round: the wait stretches, to its cap here
    const second = await tight.take();
    expect(second.entries.some((e) => 'sample' in e && e.sample.breakdownTime !== undefined)).toBe(true);
    expect(tight.waitMs(1000)).toBe(30_000);
    // a whole core: every round reads every table, well within it: the interval
    const roomy = createLiveAllNetnsSource({ maxCpu: 1, intervalMs: () => 1000 });
    for (let i = 0; i < 2; i++) {
      await roomy.take();
      expect(roomy.waitMs(1000)).toBe(1000);
    }
  });
});
if (!canEnter) console.warn('skipped: the live --all-netns source needs root and the sock_diag addon (ip netns add, setns)');
