import type { HistoryEntry } from '../history.js';
import type { ReplayController } from './controller.js';

export interface ReplaySourceOptions {
  /** longest real wait between two entries, so an hour with tcpwatch stopped does not stall playback */
  maxGapMs?: number;
}

/**
 * Plays a recording in time for `replay --speed`: next() resolves when the next entry is due (its
 * recorded distance divided by the speed), at once after a seek, and with undefined at the end
 * or after stop().
 */
export class ReplaySource {
  private readonly maxGapMs: number;
  private moved = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly controller: ReplayController,
    opts: ReplaySourceOptions = {},
  ) {
    this.maxGapMs = opts.maxGapMs ?? 10_000;
  }

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
      if (c.atEnd()) return undefined;
      if (await this.waitForWake(c.delayToNextMs(this.maxGapMs))) continue;
      c.advance();
      return c.current();
    }
  }

  /** Shows entry i next, at once. */
  seekIndex(i: number): void {
    this.controller.seekIndex(i);
    this.moved = true;
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Resolves true when stop() or a seek wakes it, false when `ms` elapse first. */
  private waitForWake(ms: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, ms ?? 0);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(true);
      };
    });
  }
}
