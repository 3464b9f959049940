import type { Sample } from './types.js';

/** A tick whose source failed: kept in history as a gap, never as zeros. */
export interface Gap {
  time: number;
  gap: true;
  error: string;
}

export type HistoryEntry = Sample | Gap;

export function isGap(e: HistoryEntry | undefined): e is Gap {
  return e !== undefined && 'gap' in e;
}

/** Fixed-capacity ring buffer of samples and gaps: O(1) push, memory never grows past capacity. */
export class History {
  private readonly items: Array<HistoryEntry | undefined>;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<HistoryEntry | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(e: HistoryEntry): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = e;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** i-th entry, oldest first; negative i counts from the newest (-1 is the newest). */
  at(i: number): HistoryEntry | undefined {
    const k = i < 0 ? this.count + i : i;
    if (k < 0 || k >= this.count) return undefined;
    return this.items[(this.start + k) % this.capacity];
  }

  /** The newest real sample (gaps skipped). */
  latestSample(): Sample | undefined {
    for (let i = this.count - 1; i >= 0; i--) {
      const e = this.at(i);
      if (e && !isGap(e)) return e;
    }
    return undefined;
  }

  /** Entries oldest first (a copy). */
  toArray(): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i) as HistoryEntry);
    return out;
  }

  /** The newest `n` values of `f`, oldest first; a gap reads as NaN. */
  series(f: (s: Sample) => number, n = this.count): number[] {
    const out: number[] = [];
    for (let i = Math.max(0, this.count - n); i < this.count; i++) {
      const e = this.at(i) as HistoryEntry;
      out.push(isGap(e) ? NaN : f(e));
    }
    return out;
  }

  /**
   * Per-second rate of a monotonic counter between the two newest samples. Undefined when there
   * are not two samples, the counter is missing, or it went backwards (counter reset, new netns).
   */
  rate(f: (s: Sample) => number | undefined): number | undefined {
    let newer: Sample | undefined;
    for (let i = this.count - 1; i >= 0; i--) {
      const e = this.at(i) as HistoryEntry;
      if (isGap(e)) continue;
      if (!newer) {
        newer = e;
        continue;
      }
      const a = f(e);
      const b = f(newer);
      const dt = (newer.time - e.time) / 1000;
      if (a === undefined || b === undefined || b < a || dt <= 0) return undefined;
      return (b - a) / dt;
    }
    return undefined;
  }
}

/** Default capacity: one hour of samples at the given interval. */
export function defaultHistorySize(intervalMs: number): number {
  return Math.max(60, Math.ceil(3_600_000 / intervalMs));
}
