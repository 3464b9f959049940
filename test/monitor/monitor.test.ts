import { describe, expect, it } from 'vitest';
import type { Gap, HistoryEntry } from '../../src/history.js';
import type { Feed, ReplayMove, Timeline } from '../../src/monitor/feed.js';
import { liveFeed } from '../../src/monitor/feed.js';
import { Monitor, type AlertSink, type MonitorEvent, type RecordSink } from '../../src/monitor/monitor.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import type { Alert, Sample } from '../../src/types.js';
import { twSample } from '../helpers/synthetic.js';

/** Entries given one per call, then the end. */
function arrayFeed(entries: HistoryEntry[]): Feed {
  let i = 0;
  return { next: () => Promise.resolve(entries[i++]) };
}

/** Runs a monitor at interval 0 until its feed ends; every event in order. */
async function runToEnd(m: Monitor): Promise<MonitorEvent[]> {
  const events: MonitorEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    m.subscribe((e) => {
      events.push(e);
      if (e.kind === 'end') resolve();
      if (e.kind === 'error') reject(e.error instanceof Error ? e.error : new Error(String(e.error)));
    });
    m.start();
  });
  return events;
}

const ticksOf = (events: MonitorEvent[]) => events.flatMap((e) => (e.kind === 'tick' ? [e.tick] : []));

// 1,000 buckets: 900 timewait sockets is 90 % (warning from 80 %), raised after two samples
const RISE = [twSample(1000, 100), twSample(2000, 900), twSample(3000, 900), twSample(4000, 900), twSample(5000, 100), twSample(6000, 100)];

describe('the monitor', () => {
  it('judges each entry: raised after the configured samples, cleared when it falls; a gap changes nothing', async () => {
    const gap: Gap = { time: 3500, gap: true, error: 'gone' };
    const entries: HistoryEntry[] = [...RISE.slice(0, 3), gap, ...RISE.slice(3)];
    const m = new Monitor({ feed: arrayFeed(entries), intervalMs: 0, historySize: 10, rules: defaultRulesConfig() });
    const ticks = ticksOf(await runToEnd(m));
    expect(ticks.map((t) => t.entry.time)).toEqual(entries.map((e) => e.time));
    expect(ticks.map((t) => t.raised.map((a) => `${a.rule}:${a.level}`))).toEqual([[], [], ['tw_buckets:warning'], [], [], [], []]);
    expect(ticks.map((t) => t.cleared.length)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(ticks[3]?.active.map((a) => a.level)).toEqual(['warning']); // through the gap, still in force
    expect(m.history.size).toBe(entries.length);
    expect(m.active()).toEqual([]);
  });

  it('records every sample with its alerts and every gap, fires the hook per change, and stop() closes and waits', async () => {
    const written: string[] = [];
    let closed = 0;
    const recorder: RecordSink = {
      write: (s: Sample, alerts: Alert[]) => written.push(`${s.time}:${alerts.length}`),
      writeGap: (g: Gap) => written.push(`gap ${g.time}`),
      close: () => closed++,
    };
    const fired: string[] = [];
    let release: () => void = () => undefined;
    const hook: AlertSink = {
      fireChanges: (c) => fired.push(...c.raised.map((a) => `+${a.rule}`), ...c.cleared.map((a) => `-${a.rule}`)),
      idle: () => new Promise<void>((r) => (release = r)),
    };
    const entries: HistoryEntry[] = [RISE[0] as Sample, { time: 1500, gap: true, error: 'x' }, ...RISE.slice(1)];
    const m = new Monitor({ feed: arrayFeed(entries), intervalMs: 0, historySize: 10, rules: defaultRulesConfig(), recorder, hook, hookGraceMs: 5000 });
    await runToEnd(m);
    expect(written).toEqual(['1000:0', 'gap 1500', '2000:0', '3000:1', '4000:1', '5000:1', '6000:0']);
    expect(fired).toEqual(['+tw_buckets', '-tw_buckets']);
    let stopped = false;
    const stopping = m.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false); // waits for the hook to finish
    release();
    await stopping;
    await m.stop(); // a second stop is the same stop: the recording is closed once
    expect(closed).toBe(1);
  });

  it('a live feed turns a failing sample into a gap with its reason', async () => {
    let n = 0;
    const take = () => (n++ === 1 ? Promise.reject(new Error('permission denied')) : Promise.resolve(twSample(1000 * n, 1)));
    const m = new Monitor({ feed: liveFeed(take, { wall: () => 42, mono: () => 0 }), intervalMs: 0, historySize: 10, rules: defaultRulesConfig() });
    const events: MonitorEvent[] = [];
    await new Promise<void>((resolve) => {
      m.subscribe((e) => {
        events.push(e);
        if (events.length === 3) resolve();
      });
      m.start();
    });
    await m.stop();
    expect(ticksOf(events).map((t) => t.entry)).toEqual([expect.objectContaining({ time: 1000 }), { time: 42, gap: true, error: 'permission denied' }, expect.objectContaining({ time: 3000 })]);
  });

  it('a throwing feed or listener is an error event, and the monitor stops', async () => {
    const feed: Feed = { next: () => Promise.reject(new Error('bug')) };
    const m = new Monitor({ feed, intervalMs: 0, historySize: 10, rules: defaultRulesConfig() });
    await expect(runToEnd(m)).rejects.toThrow('bug');
  });

  it('seek on a timeline rebuilds history and alerts from its entries, paused; resume plays on', async () => {
    let pos = -1;
    const moves: ReplayMove[] = [];
    const timeline: Timeline = {
      next: () => Promise.resolve(RISE[++pos]),
      seek: (move, capacity) => {
        moves.push(move);
        pos = 2;
        return RISE.slice(Math.max(0, pos + 1 - capacity), pos + 1);
      },
    };
    const m = new Monitor({ feed: timeline, intervalMs: 0, historySize: 10, rules: defaultRulesConfig() });
    const events = await runToEnd(m);
    expect(ticksOf(events)).toHaveLength(RISE.length);
    const after: MonitorEvent[] = [];
    m.subscribe((e) => after.push(e));
    expect(m.seek({ entries: -3 })).toBe(true);
    expect(moves).toEqual([{ entries: -3 }]);
    const rebuilt = after[0];
    expect(rebuilt?.kind).toBe('rebuilt');
    if (rebuilt?.kind !== 'rebuilt') return;
    expect(rebuilt.ticks.map((t) => t.entry.time)).toEqual([1000, 2000, 3000]);
    expect(rebuilt.ticks.at(-1)?.active.map((a) => a.level)).toEqual(['warning']);
    expect(m.history.size).toBe(3);
    // paused: nothing plays until resumed, then on from the entry after the seek
    await new Promise((r) => setTimeout(r, 20));
    expect(after).toHaveLength(1);
    const ended = new Promise<void>((r) => m.subscribe((e) => e.kind === 'end' && r()));
    m.setPaused(false);
    await ended;
    expect(ticksOf(after).map((t) => t.entry.time)).toEqual([4000, 5000, 6000]);
    expect(m.history.size).toBe(6);
  });

  it('seek on a live feed does nothing', () => {
    const m = new Monitor({ feed: arrayFeed([]), intervalMs: 0, historySize: 10, rules: defaultRulesConfig() });
    expect(m.seek({ entries: 1 })).toBe(false);
  });
});
