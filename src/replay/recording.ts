import { jsonToEntry } from '../codec/sample-json.js';
import type { HistoryEntry } from '../history.js';

/** A line of a recording that could not be read, and why. */
export interface BadLine {
  line: number;
  reason: string;
  text: string;
}

export interface Recording {
  /** samples and gaps, oldest first */
  entries: HistoryEntry[];
  /** lines skipped: a truncated last line after a kill, a corrupt one; counted, first ones kept */
  bad: { count: number; examples: BadLine[] };
}

const BAD_EXAMPLES = 5;
/** A line longer than this is not one of ours (a sample line is a few KB to a few hundred KB). */
const MAX_LINE = 64 * 1024 * 1024;

/** One recorded line: a `--json` sample, or a gap `{time, error}`. Throws with the reason. */
export function parseRecordLine(text: string): HistoryEntry {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('truncated or corrupt JSON');
  }
  return jsonToEntry(doc);
}

/** Reads a recording (JSON lines) pushed in chunks of any size; pure, no I/O. */
export class RecordingReader {
  private readonly entries: HistoryEntry[] = [];
  private readonly bad: Recording['bad'] = { count: 0, examples: [] };
  private pending = '';
  private line = 0;
  private sorted = true;

  push(chunk: string): void {
    const text = this.pending + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.take(text.slice(start, nl));
      start = nl + 1;
    }
    this.pending = text.slice(start);
    if (this.pending.length > MAX_LINE) {
      this.reject(this.pending.slice(0, 80), `line longer than ${MAX_LINE} bytes`);
      this.pending = '';
    }
  }

  end(): Recording {
    if (this.pending !== '') this.take(this.pending);
    this.pending = '';
    // recordings appended by several runs may interleave: play them in time order
    if (!this.sorted) this.entries.sort((a, b) => a.time - b.time);
    return { entries: this.entries, bad: this.bad };
  }

  private take(raw: string): void {
    this.line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    try {
      const e = parseRecordLine(text);
      const last = this.entries[this.entries.length - 1];
      if (last && e.time < last.time) this.sorted = false;
      this.entries.push(e);
    } catch (err) {
      this.reject(text, (err as Error).message);
    }
  }

  private reject(text: string, reason: string): void {
    this.bad.count++;
    if (this.bad.examples.length < BAD_EXAMPLES) this.bad.examples.push({ line: this.line, reason, text: text.slice(0, 80) });
  }
}

export function parseRecording(text: string): Recording {
  const r = new RecordingReader();
  r.push(text);
  return r.end();
}

/** "3 lines skipped (line 57: truncated or corrupt JSON; ...)" or undefined when none were. */
export function describeBadLines(bad: Recording['bad']): string | undefined {
  if (bad.count === 0) return undefined;
  const first = bad.examples.map((b) => `line ${b.line}: ${b.reason}`).join('; ');
  return `${bad.count} line${bad.count === 1 ? '' : 's'} skipped (${first}${bad.count > bad.examples.length ? '; ...' : ''})`;
}
