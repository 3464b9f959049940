import { systemClock, type Clock } from '../clock.js';
import type { Gap, History } from '../history.js';
import type { RulesConfig } from '../rules/config.js';
import type { NetnsRound } from '../source/all-netns.js';
import type { NetnsInfo } from '../types.js';
import type { Tick } from './monitor.js';
import { NetnsJudges } from './netns-judges.js';
import { Poller } from './poller.js';

/** One namespace after a round: what it is, its newest entry judged over its own history. */
export interface NetnsTick {
  netns: NetnsInfo & { inode: number };
  /** a gap when it could not be read this round (its reason in the gap) */
  tick: Tick;
}

/** What the --all-netns monitor tells its subscribers, in order. */
export type NetnsMonitorEvent =
  /** every namespace found this round; those gone since the last one are no longer in it; `pacedMs`: the wait after it, where the CPU budget stretches the interval */
  | { kind: 'round'; time: number; namespaces: NetnsTick[]; warnings: string[]; pacedMs: number | undefined }
  /** the round as a whole failed (discovery could not list the namespaces): nothing changed */
  | { kind: 'failed'; gap: Gap }
  /** a bug in the source or a listener: the monitor has stopped */
  | { kind: 'error'; error: unknown };

export interface NetnsMonitorOptions {
  take: () => Promise<NetnsRound>;
  intervalMs: number;
  /** history kept per namespace */
  historySize: number;
  rules: RulesConfig;
  clock?: Clock;
  /** the wait before the next round (a CPU budget may stretch the interval) */
  waitMs?: (intervalMs: number) => number;
}

type Round = { time: number; mono: number; round: NetnsRound } | { gap: Gap };

/**
 * The live monitor of every network namespace: one poller, one round of samples per tick, and
 * for each namespace (by inode) its own history and alert engine, so its rules judge its own
 * samples only. A namespace gone from a round is dropped with its history.
 */
export class NetnsMonitor {
  private readonly judges: NetnsJudges;
  private readonly poller: Poller<Round>;
  private readonly listeners: Array<(e: NetnsMonitorEvent) => void> = [];
  /** the wait after the newest round, decided as it arrives (so the screen says it while it lasts) */
  private nextWaitMs = 0;
  private readonly waitMs: ((intervalMs: number) => number) | undefined;

  constructor(o: NetnsMonitorOptions) {
    this.judges = new NetnsJudges(o.rules, o.historySize);
    this.waitMs = o.waitMs;
    const clock = o.clock ?? systemClock;
    const feed = {
      async next(): Promise<Round> {
        const time = clock.wall();
        const mono = clock.mono();
        try {
          return { time, mono, round: await o.take() };
        } catch (err) {
          return { gap: { time, gap: true, error: (err as Error).message } };
        }
      },
    };
    this.poller = new Poller<Round>(
      feed,
      o.intervalMs,
      (r) => this.onRound(r),
      () => undefined,
      (error) => this.emit({ kind: 'error', error }),
      // a new interval (+/-) counts at once; the pace decided for this round holds otherwise
      (ms) => Math.max(ms, this.nextWaitMs),
    );
  }

  get interval(): number {
    return this.poller.interval;
  }

  /** A namespace's history, while it is there. */
  historyOf(inode: number): History | undefined {
    return this.judges.historyOf(inode);
  }

  subscribe(listener: (e: NetnsMonitorEvent) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.poller.start();
  }

  setPaused(paused: boolean): void {
    this.poller.setPaused(paused);
  }

  setInterval(ms: number): void {
    this.poller.setInterval(ms);
  }

  stop(): Promise<void> {
    this.poller.stop();
    return Promise.resolve();
  }

  private onRound(r: Round): void {
    if ('gap' in r) return this.emit({ kind: 'failed', gap: r.gap });
    const seen = new Set<number>();
    const namespaces = r.round.entries.map((e): NetnsTick => {
      const inode = e.netns.inode;
      seen.add(inode);
      // the round's start: its namespaces are read one after another, at the same offsets each round
      const entry = 'sample' in e ? { ...e.sample, mono: r.mono } : { time: r.time, gap: true as const, error: e.error };
      return { netns: e.netns, tick: this.judges.of(inode).push(entry) };
    });
    this.judges.keepOnly(seen);
    // the round's cost so far (drawing it falls in the next cycle): the wait it calls for, shown now
    this.nextWaitMs = this.waitMs ? this.waitMs(this.interval) : 0;
    const pacedMs = this.nextWaitMs > this.interval ? this.nextWaitMs : undefined;
    this.emit({ kind: 'round', time: r.time, namespaces, warnings: r.round.warnings, pacedMs });
  }

  private emit(e: NetnsMonitorEvent): void {
    for (const l of this.listeners) l(e);
  }
}
