// The wall clock stepped (NTP, `date -s`) under a running monitor, through an injected Clock:
// rates and the CLOSE_WAIT growth window go by the monotonic clock, so a step back or forward
// makes no negative or diluted rate and clears no alert; the wall time only labels samples.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { isGap } from '../../src/history.js';
import { liveFeed } from '../../src/monitor/feed.js';
import { Monitor, type Tick } from '../../src/monitor/monitor.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import type { Sample } from '../../src/types.js';
import { sample } from '../helpers/synthetic.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const MINUTE = 60_000;

/** A clock whose monotonic time moves a minute per sample; the wall clock steps at `steps` (sample index -> ms). */
function steppingClock(steps: Map<number, number>) {
  let i = -1;
  let offset = 0;
  const clock: Clock = {
    mono: () => i * MINUTE,
    wall: () => T0 + i * MINUTE + offset,
  };
  return {
    clock,
    /** the next sample as a source would make it: dated by the wall clock */
    take: (): Promise<Sample> => {
      i++;
      offset += steps.get(i) ?? 0;
      const s = sample(clock.wall(), { counters: { Tcp: {}, TcpExt: { TCPTimeWaitOverflow: 0, ListenDrops: 10 * i, ListenOverflows: 0 } } });
      // CLOSE_WAIT rising 15 a minute: a leak by its growth, well under the count threshold
      s.states.CLOSE_WAIT = 10 + 15 * i;
      return Promise.resolve(s);
    },
  };
}

/** Runs a live monitor over `n` samples; each tick and the ListenDrops rate after it. */
async function run(n: number, steps: Map<number, number>) {
  const { clock, take } = steppingClock(steps);
  const rules = defaultRulesConfig();
  rules.close_wait_leak = { ...rules.close_wait_leak, warning: 100_000, critical: 200_000 };
  const m = new Monitor({ feed: liveFeed(take, clock), intervalMs: 0, historySize: 100, rules });
  const ticks: Array<Tick & { rate: number | undefined }> = [];
  await new Promise<void>((resolve) => {
    m.subscribe((e) => {
      if (e.kind !== 'tick') return;
      ticks.push({ ...e.tick, rate: e.history.rate((s) => s.counters.TcpExt.ListenDrops) });
      if (ticks.length === n) resolve();
    });
    m.start();
  });
  await m.stop();
  return ticks;
}

const changes = (ticks: Tick[]) => ticks.flatMap((t, i) => [...t.raised.map((a) => `${i} +${a.rule}`), ...t.cleared.map((a) => `${i} -${a.rule}`)]);

describe('the wall clock steps during a live run', () => {
  it('back an hour, then forward two: rates stay 10 a minute, the CLOSE_WAIT growth alert stays raised, nothing flaps', async () => {
    const stepped = await run(
      20,
      new Map([
        [8, -3_600_000],
        [14, 7_200_000],
      ]),
    );
    const steady = await run(20, new Map());
    expect(stepped).toHaveLength(20);
    expect(stepped.some((t) => isGap(t.entry))).toBe(false);
    // the labels do step: they are the wall clock
    expect(stepped[8]!.entry.time - stepped[7]!.entry.time).toBe(MINUTE - 3_600_000);
    expect(stepped.slice(1).map((t) => t.rate)).toEqual(Array.from({ length: 19 }, () => 10 / 60));
    // the same alerts, raised at the same samples, as with no step at all; none cleared
    expect(changes(stepped)).toEqual(changes(steady));
    expect(changes(stepped)).toEqual(expect.arrayContaining([expect.stringMatching(/\+close_wait_leak$/), expect.stringMatching(/\+listen_overflow$/)]));
    expect(changes(stepped).filter((c) => c.includes(' -'))).toEqual([]);
    expect(
      stepped
        .at(-1)!
        .active.map((a) => a.rule)
        .sort(),
    ).toEqual(['close_wait_leak', 'listen_overflow']);
  });
});
