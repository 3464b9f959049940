import type { Gap, History, HistoryEntry } from '../history.js';
import { isGap } from '../history.js';
import type { RulesConfig } from '../rules/config.js';
import type { Pending } from '../rules/engine.js';
import type { Alert, Sample } from '../types.js';
import type { Feed, ReplayMove, Timeline } from './feed.js';
import { Judge } from './judge.js';
import { Poller } from './poller.js';

/** One judged entry: the sample (or gap), the alerts in force after it, and what it raised or cleared. */
export interface Tick {
  entry: HistoryEntry;
  active: Alert[];
  raised: Alert[];
  cleared: Alert[];
  /** worse levels seen but not yet confirmed by enough samples (absent: none) */
  pending?: Pending[];
}

/** What a monitor tells its subscribers, in order. */
export type MonitorEvent =
  | { kind: 'tick'; tick: Tick; history: History }
  /** a seek rebuilt the history: every entry up to the new position, judged afresh */
  | { kind: 'rebuilt'; ticks: Tick[]; history: History }
  /** the feed has no more entries (a recording's end); a seek or resume may play on */
  | { kind: 'end' }
  /** a bug in the feed or a listener: the monitor has stopped */
  | { kind: 'error'; error: unknown };

/** Where samples are recorded (--record). */
export interface RecordSink {
  write(sample: Sample, alerts: Alert[]): void;
  writeGap(gap: Gap): void;
  close(): void;
}

/** Where raised and cleared alerts go (--on-alert): runs in the background, never holds up a tick. */
export interface AlertSink {
  fireChanges(changes: { raised: readonly Alert[]; cleared: readonly Alert[] }): void;
  /** resolves when what was fired has finished */
  idle(): Promise<void>;
}

export interface MonitorOptions {
  feed: Feed | Timeline;
  intervalMs: number;
  historySize: number;
  rules: RulesConfig;
  recorder?: RecordSink | undefined;
  hook?: AlertSink | undefined;
  /** how long stop() waits for a running hook (each run is bounded by its own timeout) */
  hookGraceMs?: number;
}

const isTimeline = (f: Feed | Timeline): f is Timeline => 'seek' in f;

/**
 * The one live pipeline: feed -> history -> alert engine -> recorder and hook -> subscribers.
 * The line mode, the TUI, serve and replay all run through it; only what they draw differs.
 */
export class Monitor {
  private judge: Judge;
  private readonly poller: Poller;
  private readonly listeners: Array<(e: MonitorEvent) => void> = [];
  private stopped: Promise<void> | undefined;

  constructor(private readonly o: MonitorOptions) {
    this.judge = new Judge(o.rules, o.historySize);
    this.poller = new Poller(
      o.feed,
      o.intervalMs,
      (e) => this.onEntry(e),
      () => this.emit({ kind: 'end' }),
      (error) => this.emit({ kind: 'error', error }),
    );
  }

  get history(): History {
    return this.judge.history;
  }

  get interval(): number {
    return this.poller.interval;
  }

  /** The alerts in force now. */
  active(): Alert[] {
    return this.judge.active();
  }

  subscribe(listener: (e: MonitorEvent) => void): void {
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

  /**
   * A replay's step or jump: the timeline moves, and history and alerts are rebuilt from its
   * entries up to there, as they were when recorded. Paused: resuming plays on from there.
   * False when the feed is live (nothing to move).
   */
  seek(move: ReplayMove): boolean {
    if (!isTimeline(this.o.feed)) return false;
    this.poller.setPaused(true);
    const entries = this.o.feed.seek(move, this.o.historySize);
    this.judge = new Judge(this.o.rules, this.o.historySize);
    const ticks = entries.map((entry) => this.judge.push(entry));
    this.emit({ kind: 'rebuilt', ticks, history: this.judge.history });
    return true;
  }

  /** Stops sampling, closes the recording, and lets a running hook finish (bounded). Once; later calls wait for the first. */
  stop(): Promise<void> {
    this.stopped ??= this.shutDown();
    return this.stopped;
  }

  private async shutDown(): Promise<void> {
    this.poller.stop();
    this.o.recorder?.close();
    const hook = this.o.hook;
    if (!hook) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.o.hookGraceMs ?? 11_000)));
    await Promise.race([hook.idle(), late]);
    clearTimeout(timer);
  }

  private onEntry(read: HistoryEntry): void {
    const { entry, ...result } = this.judge.push(read);
    if (isGap(entry)) this.o.recorder?.writeGap(entry);
    else {
      // the hook runs in the background, one at a time and time-bounded: sampling never waits for it
      this.o.hook?.fireChanges(result);
      this.o.recorder?.write(entry, result.active);
    }
    this.emit({ kind: 'tick', tick: { entry, ...result }, history: this.judge.history });
  }

  private emit(e: MonitorEvent): void {
    for (const l of this.listeners) l(e);
  }
}
