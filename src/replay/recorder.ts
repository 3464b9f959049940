import { closeSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { gapToJson, sampleToJson } from '../codec/sample-json.js';
import { RecordingError } from '../errors.js';
import type { Gap } from '../history.js';
import { describeReadError } from '../source/proc-files.js';
import type { Alert, Sample } from '../types.js';

/** Default size at which a recording is rotated: an hour at 2 s with a few KB per sample fits. */
export const DEFAULT_RECORD_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Appends one JSON line per sample (the `--json` document) to a file. Each line is one write()
 * straight to the kernel, so a kill -9 loses at most a line being written, never earlier ones.
 * When the file would pass `maxBytes` it is renamed to FILE.1 (replacing an older FILE.1) and a
 * new FILE begins, so a recording left running uses at most twice `maxBytes` of disk.
 */
export class Recorder {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes = DEFAULT_RECORD_MAX_BYTES,
  ) {
    try {
      this.fd = openSync(path, 'a+');
    } catch (err) {
      throw new RecordingError(`cannot record to ${describeReadError(path, err)}`, { cause: err });
    }
    this.size = fstatSync(this.fd).size;
    // a previous run killed mid-line left a partial line: end it so the next record stands alone
    if (this.size > 0) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, this.size - 1);
      if (last[0] !== 0x0a) this.append('\n');
    }
  }

  write(sample: Sample, alerts: Alert[]): void {
    this.line(JSON.stringify(sampleToJson(sample, alerts)));
  }

  /** A tick whose source failed, as `--json` prints it, so the replay shows the same hole. */
  writeGap(gap: Gap): void {
    this.line(JSON.stringify(gapToJson(gap)));
  }

  close(): void {
    closeSync(this.fd);
  }

  private line(json: string): void {
    const text = `${json}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    this.append(text);
  }

  private append(text: string): void {
    this.size += writeSync(this.fd, text);
  }

  private rotate(): void {
    closeSync(this.fd);
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a+');
    this.size = 0;
  }
}
