import { describe, expect, it } from 'vitest';
import { isGap } from '../../src/history.js';
import { NetnsMonitor, type NetnsMonitorEvent } from '../../src/monitor/netns-monitor.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import type { FoundEntry, NetnsRound } from '../../src/source/all-netns.js';
import { twSample } from '../helpers/synthetic.js';

const ns = (inode: number, name: string) => ({ inode, name });
const ok = (inode: number, name: string, tw: number, time: number): FoundEntry => ({ netns: ns(inode, name), sample: twSample(time, tw) });

/** Runs a monitor at interval 0 over these rounds (a round that is an Error fails as a whole); every event in order. */
async function run(rounds: Array<NetnsRound | Error>): Promise<{ m: NetnsMonitor; events: NetnsMonitorEvent[] }> {
  let i = 0;
  const take = () => {
    const r = rounds[i++];
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r ?? { entries: [], warnings: [] });
  };
  const m = new NetnsMonitor({ take, intervalMs: 0, historySize: 10, rules: defaultRulesConfig() });
  const events: NetnsMonitorEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    m.subscribe((e) => {
      if (e.kind === 'error') reject(e.error instanceof Error ? e.error : new Error(String(e.error)));
      events.push(e);
      if (events.length === rounds.length) {
        void m.stop();
        resolve();
      }
    });
    m.start();
  });
  return { m, events };
}

const rounds = (events: NetnsMonitorEvent[]) => events.flatMap((e) => (e.kind === 'round' ? [e] : []));

describe('the --all-netns monitor', () => {
  it('judges each namespace over its own history: one at 90 % of its buckets is raised, the other stays ok', async () => {
    const { m, events } = await run([1, 2, 3].map((t) => ({ entries: [ok(1, 'busy', 900, t * 1000), ok(2, 'quiet', 10, t * 1000)], warnings: [] })));
    const last = rounds(events).at(-1);
    expect(last?.namespaces.map((n) => n.netns.name)).toEqual(['busy', 'quiet']);
    expect(last?.namespaces[0]?.tick.active.map((a) => `${a.rule} ${a.level}`)).toEqual(['tw_buckets warning']);
    expect(last?.namespaces[1]?.tick.active).toEqual([]);
    expect(m.historyOf(1)?.size).toBe(3);
    expect(m.historyOf(2)?.latestSample()?.sockstat.tw).toBe(10);
  });

  it('drops a namespace that is gone with its history, and picks up a new one with a history of its own', async () => {
    const { m, events } = await run([
      { entries: [ok(1, 'a', 5, 1000), ok(2, 'b', 5, 1000)], warnings: [] },
      { entries: [ok(1, 'a', 5, 2000), ok(3, 'c', 5, 2000)], warnings: ['w'] },
    ]);
    expect(rounds(events)[1]?.namespaces.map((n) => n.netns.inode)).toEqual([1, 3]);
    expect(rounds(events)[1]?.warnings).toEqual(['w']);
    expect(m.historyOf(2)).toBeUndefined();
    expect(m.historyOf(1)?.size).toBe(2);
    expect(m.historyOf(3)?.size).toBe(1);
  });

  it('an unreadable namespace is a gap with its reason (never zeros); a failed round changes nothing', async () => {
    const { m, events } = await run([{ entries: [ok(1, 'a', 5, 1000)], warnings: [] }, new Error('cannot list /proc'), { entries: [{ netns: ns(1, 'a'), error: 'cannot enter it' }], warnings: [] }]);
    expect(events.map((e) => e.kind)).toEqual(['round', 'failed', 'round']);
    const failed = events[1];
    expect(failed?.kind === 'failed' && failed.gap.error).toBe('cannot list /proc');
    const entry = rounds(events)[1]?.namespaces[0]?.tick.entry;
    expect(isGap(entry) && entry.error).toBe('cannot enter it');
    expect(m.historyOf(1)?.size).toBe(2);
    expect(m.historyOf(1)?.latestSample()?.sockstat.tw).toBe(5);
  });
});

describe('the --all-netns monitor, paced', () => {
  it('a round whose cost calls for a longer wait says so as it arrives, and the next round waits that long', async () => {
    const times: number[] = [];
    const m = new NetnsMonitor({
      take: () => Promise.resolve({ entries: [ok(1, 'a', 1, Date.now())], warnings: [] }),
      intervalMs: 10,
      historySize: 10,
      rules: defaultRulesConfig(),
      waitMs: () => 120,
    });
    const paced: Array<number | undefined> = [];
    await new Promise<void>((resolve) => {
      m.subscribe((e) => {
        if (e.kind !== 'round') return;
        times.push(performance.now());
        paced.push(e.pacedMs);
        if (paced.length === 2) {
          void m.stop();
          resolve();
        }
      });
      m.start();
    });
    expect(paced).toEqual([120, 120]);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(110);
  });
});
