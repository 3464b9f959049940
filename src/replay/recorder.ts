import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { Gap } from '../history.js';
import type { Alert, Sample } from '../types.js';
import { sampleToJson } from '../views/json.js';

/**
 * Appends one JSON line per sample (the `--json` document) to a file. Each line is one write()
 * straight to the kernel, so a kill -9 loses at most a line being written, never earlier ones.
 */
export class Recorder {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+');
    // a previous run killed mid-line left a partial line: end it so the next record stands alone
    const size = fstatSync(this.fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(this.fd, '\n');
    }
  }

  write(sample: Sample, alerts: Alert[]): void {
    writeSync(this.fd, `${JSON.stringify(sampleToJson(sample, alerts))}\n`);
  }

  /** A tick whose source failed, as `--json` prints it, so the replay shows the same hole. */
  writeGap(gap: Gap): void {
    writeSync(this.fd, `${JSON.stringify({ time: new Date(gap.time).toISOString(), error: gap.error })}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
