import type { HistoryEntry } from '../history.js';
import type { Sample } from '../types.js';
import type { ReplayController } from './controller.js';

export interface ReplaySourceOptions {
  /** longest real wait between two entries, so an hour with tcpwatch stopped does not stall playback */
  maxGapMs?: number;
  /** next() returns undefined at the end instead of waiting for a jump back (plain playback) */
  stopAtEnd?: boolean;
}

/**
 * Plays a recording in time: next() resolves when the next entry is due (its recorded distance
 * divided by the speed), at once after a step or jump, and not while paused or at the end.
 * take() is the same as a live source's `() => Promise<Sample>`, so the TUI can run on it: a
 * recorded gap makes it throw, which the poller records as a gap.
 */
export class ReplaySource {
  private readonly maxGapMs: number;
  private moved = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(readonly controller: ReplayController, private readonly opts: ReplaySourceOptions = {}) {
    this.maxGapMs = opts.maxGapMs ?? 10_000;
  }

  readonly take = async (): Promise<Sample> => {
    const e = await this.next();
    if (e === undefined) throw new Error('replay stopped');
    if ('gap' in e) throw new Error(e.error);
    return e;
  };

  async next(): Promise<HistoryEntry | undefined> {
    const c = this.controller;
    for (;;) {
      if (this.stopped) return undefined;
      if (c.position < 0) {
        c.advance();
        return c.current();
      }
      if (this.moved) {
        this.moved = false;
        return c.current();
      }
      if (c.atEnd() && this.opts.stopAtEnd) return undefined;
      if (c.atEnd() || c.paused) {
        await this.waitForAction();
        continue;
      }
      if (await this.waitForAction(c.delayToNextMs(this.maxGapMs))) continue;
      c.advance();
      return c.current();
    }
  }

  pause(): void {
    this.controller.paused = true;
    this.wake?.();
  }

  resume(): void {
    this.controller.paused = false;
    this.wake?.();
  }

  togglePause(): void {
    if (this.controller.paused) this.resume();
    else this.pause();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.controller.speed = speed;
    this.wake?.();
  }

  /** Steps n entries and pauses, as a video player does on a frame step. */
  step(n: number): void {
    this.controller.paused = true;
    this.move(() => this.controller.step(n));
  }

  seekIndex(i: number): void {
    this.move(() => this.controller.seekIndex(i));
  }

  seekTime(time: number): void {
    this.move(() => this.controller.seekTime(time));
  }

  seekBy(ms: number): void {
    this.move(() => this.controller.seekBy(ms));
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private move(f: () => void): void {
    f();
    this.moved = true;
    this.wake?.();
  }

  /** Resolves true when a control call wakes it, false when `ms` elapse first (never, without ms). */
  private waitForAction(ms?: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, ms);
      this.wake = () => {
        if (timer) clearTimeout(timer);
        this.wake = undefined;
        resolve(true);
      };
    });
  }
}
