import { closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { systemClock } from '../clock.js';
import { gapToJson, sampleToJson } from '../codec/sample-json.js';
import { RecordingError } from '../errors.js';
import type { Gap } from '../history.js';
import { describeReadError } from '../source/proc-files.js';
import type { Alert, Sample } from '../types.js';

/** Default size at which a recording is rotated: an hour at 2 s with a few KB per sample fits. */
export const DEFAULT_RECORD_MAX_BYTES = 100 * 1024 * 1024;

/** After a failed write the recorder waits this long before trying again, doubling up to the most. */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MOST_MS = 30_000;

export interface RecorderOptions {
  /** where "recording stopped" and "resumed" are told (stderr, the TUI footer) */
  log?: (message: string) => void;
  /** a monotonic clock in ms for the back-off (a wall clock that steps would stall or hurry it) */
  now?: () => number;
}

/** While the recording is stopped: why, what was missed since the last gap line, and when to try again. */
interface Outage {
  reason: string;
  /** the time of the first entry not recorded since the last gap line */
  since: number;
  /** entries not recorded since the last gap line, and in all */
  missed: number;
  lost: number;
  retryAt: number;
  waitMs: number;
}

/**
 * Appends one JSON line per sample (the `--json` document) to a file. Each line is written whole
 * straight to the kernel, so a kill -9 loses at most a line being written, never earlier ones.
 * When the file would pass `maxBytes` it is renamed to FILE.1 (replacing an older FILE.1) and a
 * new FILE begins, so a recording left running uses at most twice `maxBytes` of disk.
 *
 * A write that fails (a full disk, an I/O error, FILE deleted or its folder unmounted and not
 * creatable again) never stops the monitor: the part of the line written is cut off, the
 * recording stops with one line through `log`, and is tried again on a back-off; when it
 * resumes, a gap line dated at the first entry missed says what was not recorded and why.
 */
export class Recorder {
  private fd: number | undefined;
  private size = 0;
  private outage: Outage | undefined;
  private readonly log: (message: string) => void;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    private readonly maxBytes = DEFAULT_RECORD_MAX_BYTES,
    o: RecorderOptions = {},
  ) {
    this.log = o.log ?? (() => undefined);
    this.now = o.now ?? (() => systemClock.mono());
    try {
      this.open();
    } catch (err) {
      throw new RecordingError(`cannot record to ${describeReadError(path, err)}`, { cause: err });
    }
  }

  /** Why the recording is stopped (FILE: the reason), while it is. */
  get failure(): string | undefined {
    return this.outage?.reason;
  }

  write(sample: Sample, alerts: Alert[]): void {
    this.record(sample.time, () => JSON.stringify(sampleToJson(sample, alerts)));
  }

  /** A tick whose source failed, as `--json` prints it, so the replay shows the same hole. */
  writeGap(gap: Gap): void {
    this.record(gap.time, () => JSON.stringify(gapToJson(gap)));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private record(time: number, json: () => string): void {
    const o = this.outage;
    if (o && this.now() < o.retryAt) {
      this.miss(o, time);
      return;
    }
    try {
      if (o) this.reopen(o);
      else if (!this.stillAtPath()) {
        this.close();
        this.open();
        this.log(`recording: ${this.path} was removed or its folder unmounted; recording into a new ${this.path}`);
      }
      this.line(json());
    } catch (err) {
      this.fail(err, time);
      return;
    }
    if (o) this.log(`recording resumed in ${this.path} (${entries(o.lost)} not recorded)`);
    this.outage = undefined;
  }

  /** Opens FILE again and notes, as a gap line, what was not recorded since the last one. */
  private reopen(o: Outage): void {
    this.close();
    this.open();
    if (o.missed > 0) this.line(JSON.stringify(gapToJson({ time: o.since, gap: true, error: `not recorded (${entries(o.missed)}): ${o.reason}` })));
    o.missed = 0;
  }

  private miss(o: Outage, time: number): void {
    if (o.missed === 0) o.since = time;
    o.missed++;
    o.lost++;
  }

  private fail(err: unknown, time: number): void {
    const o = this.outage;
    if (o) {
      this.miss(o, time);
      o.waitMs = Math.min(o.waitMs * 2, RETRY_MOST_MS);
      o.retryAt = this.now() + o.waitMs;
      return;
    }
    const reason = describeReadError(this.path, err);
    this.outage = { reason, since: time, missed: 1, lost: 1, retryAt: this.now() + RETRY_FIRST_MS, waitMs: RETRY_FIRST_MS };
    this.log(`recording stopped: ${reason}; monitoring goes on, retrying`);
  }

  /** False when FILE is no longer the file being written: deleted, renamed away, its folder unmounted. */
  private stillAtPath(): boolean {
    if (this.fd === undefined) return false;
    const open = fstatSync(this.fd);
    try {
      const st = statSync(this.path);
      return open.nlink > 0 && st.ino === open.ino && st.dev === open.dev;
    } catch {
      return false;
    }
  }

  private open(): void {
    this.fd = openSync(this.path, 'a+');
    this.size = fstatSync(this.fd).size;
    // a previous run killed mid-line left a partial line: end it so the next record stands alone
    if (this.size > 0) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, this.size - 1);
      if (last[0] !== 0x0a) this.append('\n');
    }
  }

  private line(json: string): void {
    const text = `${json}\n`;
    if (this.size > 0 && this.size + Buffer.byteLength(text) > this.maxBytes) this.rotate();
    this.append(text);
  }

  /** Writes all of `text` or, failing part way, cuts off what was written: no torn line is left. */
  private append(text: string): void {
    const fd = this.fd as number;
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    } catch (err) {
      try {
        if (done > 0) ftruncateSync(fd, this.size);
      } catch {
        // the torn line stays; the next open() ends it, so the line after it stands alone
      }
      throw err;
    }
    this.size += done;
  }

  private rotate(): void {
    this.close();
    renameSync(this.path, `${this.path}.1`);
    this.open();
  }
}

const entries = (n: number) => `${n} entr${n === 1 ? 'y' : 'ies'}`;
