import { gapToJson, sampleToJson } from '../codec/sample-json.js';
import { isGap, type HistoryEntry } from '../history.js';
import type { Alert } from '../types.js';
import { alertEventLine, gapLine, linesHeader, sampleLine } from './lines.js';

/**
 * Streams entries as plain lines (a header every 20, alerts raised or cleared on their own line)
 * or as one JSON document per line.
 */
export class LineStream {
  private lines = 0;

  constructor(
    private readonly json: boolean,
    private readonly write: (text: string) => void,
  ) {}

  /** `alerts`: those in force; `events`: those raised or cleared by this entry. */
  entry(e: HistoryEntry, alerts: Alert[], events: Alert[] = []): void {
    if (isGap(e)) {
      this.write(`${this.json ? JSON.stringify(gapToJson(e)) : gapLine(e.time, e.error)}\n`);
      return;
    }
    if (this.json) this.write(`${JSON.stringify(sampleToJson(e, alerts))}\n`);
    else {
      for (const a of events) this.write(`${alertEventLine(e.time, a)}\n`);
      if (this.lines % 20 === 0) this.write(`${linesHeader()}\n`);
      this.write(`${sampleLine(e, alerts)}\n`);
    }
    this.lines++;
  }
}
