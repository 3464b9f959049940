import type { HistoryEntry } from '../history.js';
import type { ReplayMove } from '../monitor/feed.js';

/** Where a replay stands in a recording: position and speed. Pure state, no timers (ReplaySource adds time). */
export class ReplayController {
  /** index of the entry shown; -1 before the first */
  private pos = -1;

  constructor(
    readonly entries: readonly HistoryEntry[],
    public speed = 1,
  ) {
    if (entries.length === 0) throw new RangeError('a replay needs at least one recorded entry');
  }

  get position(): number {
    return this.pos;
  }

  get startTime(): number {
    return (this.entries[0] as HistoryEntry).time;
  }

  get endTime(): number {
    return (this.entries[this.entries.length - 1] as HistoryEntry).time;
  }

  current(): HistoryEntry | undefined {
    return this.entries[this.pos];
  }

  atEnd(): boolean {
    return this.pos >= this.entries.length - 1;
  }

  /** Moves to the next entry; false at the end. */
  advance(): boolean {
    if (this.atEnd()) return false;
    this.pos++;
    return true;
  }

  /** Moves n entries (negative: back), clamped to the recording. */
  step(n: number): void {
    this.seekIndex(Math.max(this.pos, 0) + n);
  }

  seekIndex(i: number): void {
    this.pos = Math.min(this.entries.length - 1, Math.max(0, Math.trunc(i)));
  }

  /** Makes a move; a jump in time lands on the last entry at or before the time asked (forward: the next one at least). */
  move(m: ReplayMove): void {
    if ('entries' in m) return this.step(m.entries);
    const from = Math.max(this.pos, 0);
    this.seekTime((this.entries[from] as HistoryEntry).time + m.seconds * 1000);
    if (m.seconds > 0 && this.pos <= from) this.seekIndex(from + 1);
  }

  /** Shows the last entry at or before `time` (the first one if `time` is earlier than all). */
  seekTime(time: number): void {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((this.entries[mid] as HistoryEntry).time <= time) lo = mid;
      else hi = mid - 1;
    }
    this.pos = lo;
  }

  /** Real time until the next entry is due at the current speed, long recorded pauses cut to `maxGapMs`. */
  delayToNextMs(maxGapMs: number): number | undefined {
    const cur = this.current();
    const next = this.entries[this.pos + 1];
    if (!cur || !next) return undefined;
    return Math.min(maxGapMs, Math.max(0, next.time - cur.time) / this.speed);
  }
}
