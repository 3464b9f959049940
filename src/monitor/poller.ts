import type { HistoryEntry } from '../history.js';
import type { Feed } from './feed.js';

/**
 * The interval loop: takes the feed's next entry, hands it to the listener, then waits for the
 * next tick. Entries never overlap: a slow sample delays the next tick. When the feed has no
 * more (a recording's end) the loop rests until it is resumed, so a seek can play on.
 * T: a history entry, or (--all-netns) one round of every namespace's.
 */
export class Poller<E = HistoryEntry> {
  /** the wait for the next tick, if one is scheduled */
  private timer: { cancel(): void } | undefined;
  private running = false;
  private paused = false;
  private inFlight = false;
  private ended = false;

  constructor(
    private readonly feed: Feed<E>,
    private intervalMs: number,
    private readonly onEntry: (e: E) => void,
    private readonly onEnd: () => void,
    /** the feed or the listener threw: a bug, not a failed sample (those are gaps); the loop stops */
    private readonly onError: (err: unknown) => void,
    /** the wait before the next tick, from the interval (a CPU budget may stretch it) */
    private readonly waitMs: (intervalMs: number) => number = (ms) => ms,
  ) {}

  get interval(): number {
    return this.intervalMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Paused: no entries are taken (history keeps what it has). Resuming after the feed's end asks it again. */
  setPaused(p: boolean): void {
    this.paused = p;
    if (p) return;
    this.ended = false;
    if (this.running && !this.timer && !this.inFlight) void this.tick();
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    if (this.running && this.timer && !this.inFlight) {
      this.timer.cancel();
      this.schedule();
    }
  }

  /** Interval 0 (a replay at full speed): the next entry as soon as the event loop is free. */
  private schedule(): void {
    const run = () => {
      this.timer = undefined;
      void this.tick();
    };
    if (this.intervalMs > 0) {
      const t = setTimeout(run, this.waitMs(this.intervalMs));
      this.timer = { cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(run);
      this.timer = { cancel: () => clearImmediate(t) };
    }
  }

  private async tick(): Promise<void> {
    if (!this.running || this.paused || this.ended) return;
    this.inFlight = true;
    try {
      const entry = await this.feed.next();
      this.inFlight = false;
      if (!this.running) return;
      if (entry === undefined) {
        this.ended = true;
        this.onEnd();
        return;
      }
      this.onEntry(entry);
    } catch (err) {
      this.inFlight = false;
      this.stop();
      this.onError(err);
      return;
    }
    if (!this.paused && this.running) this.schedule();
  }
}
