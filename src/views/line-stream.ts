import { gapToJson, sampleToJson } from '../codec/sample-json.js';
import { isGap } from '../history.js';
import type { Tick } from '../monitor/monitor.js';
import { alertEventLine, gapLine, linesHeader, sampleLine } from './lines.js';

/**
 * Streams entries as plain lines (a header every 20, alerts raised or cleared on their own line)
 * or as one JSON document per line. A sample's warnings (a /proc file gone or unreadable) go to
 * `note` when they first appear, once, not with every tick they last.
 */
export class LineStream {
  private lines = 0;
  private warnings = new Set<string>();

  constructor(
    private readonly json: boolean,
    private readonly write: (text: string) => void,
    private readonly note: (warning: string) => void = () => undefined,
  ) {}

  /** One judged entry: the alerts in force are on its line, those it cleared or raised on their own. */
  tick(t: Tick): void {
    const { entry: e, active: alerts } = t;
    if (isGap(e)) {
      this.write(`${this.json ? JSON.stringify(gapToJson(e)) : gapLine(e.time, e.error)}\n`);
      return;
    }
    for (const w of e.warnings) if (!this.warnings.has(w)) this.note(w);
    this.warnings = new Set(e.warnings);
    if (this.json) this.write(`${JSON.stringify(sampleToJson(e, alerts))}\n`);
    else {
      for (const a of [...t.cleared, ...t.raised]) this.write(`${alertEventLine(e.time, a)}\n`);
      if (this.lines % 20 === 0) this.write(`${linesHeader()}\n`);
      this.write(`${sampleLine(e, alerts)}\n`);
    }
    this.lines++;
  }
}
