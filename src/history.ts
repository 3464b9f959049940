import { secondsBetween } from './clock.js';
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

/**
 * Fixed-capacity ring buffer of samples and gaps: O(1) push, memory never grows past capacity.
 * Only the newest real sample keeps its per-socket detail (destinations, CLOSE_WAIT groups,
 * socket owners; shown through a gap too), and only the two newest their counters (rates and
 * counter rises compare those two): older entries are read for their counts, and an hour of
 * top-N destination lists and counter tables would be most of the monitor's memory.
 */
export class History {
  private readonly items: Array<HistoryEntry | undefined>;
  private start = 0;
  private count = 0;
  /** the newest real sample and the one before it, as pushed (to slim them once newer ones come) */
  private newest: { slot: number; sample: Sample } | undefined;
  private previous: { slot: number; sample: Sample } | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<HistoryEntry | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(e: HistoryEntry): void {
    const end = (this.start + this.count) % this.capacity;
    if (!isGap(e)) {
      this.slim(this.previous, withoutCounters);
      this.previous = this.slim(this.newest, withoutDetail);
      this.newest = { slot: end, sample: e };
    }
    this.items[end] = e;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Replaces a kept sample with a slimmer copy and says where it is; undefined once the ring has overwritten it. */
  private slim(kept: { slot: number; sample: Sample } | undefined, f: (s: Sample) => Sample): { slot: number; sample: Sample } | undefined {
    if (!kept || this.items[kept.slot] !== kept.sample) return undefined;
    const sample = f(kept.sample);
    this.items[kept.slot] = sample;
    return { slot: kept.slot, sample };
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
      const dt = secondsBetween(e, newer);
      if (a === undefined || b === undefined || b < a || dt <= 0) return undefined;
      return (b - a) / dt;
    }
    return undefined;
  }
}

/** A copy without the per-socket lists (the sample itself may be shared, e.g. by a cheap tick). */
function withoutDetail(s: Sample): Sample {
  if (s.destinations.length === 0 && s.closeWait === undefined && s.processes === undefined) return s;
  const { closeWait: _c, processes: _p, ...rest } = s;
  return { ...rest, destinations: [] };
}

/** A copy without the counter tables (already without detail). */
function withoutCounters(s: Sample): Sample {
  return { ...s, counters: { Tcp: {}, TcpExt: {} } };
}

/** Default capacity: one hour of samples at the given interval. */
export function defaultHistorySize(intervalMs: number): number {
  return Math.max(60, Math.ceil(3_600_000 / intervalMs));
}
