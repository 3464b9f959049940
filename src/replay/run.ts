import type { CliOptions } from '../args.js';
import { RecordingError, UsageError } from '../errors.js';
import { defaultHistorySize, History, isGap, type HistoryEntry } from '../history.js';
import type { Alert, Sample } from '../types.js';
import { LineStream } from '../views/line-stream.js';
import { parseAt } from './at.js';
import { ReplayController } from './controller.js';
import { readRecordingFile } from './recording-file.js';
import { describeBadLines } from './recording.js';
import { ReplaySource } from './source.js';
import type { ReplayMove } from './controller.js';
import { recordedIntervalMs, seekingMove, steppingTake } from './tui-feed.js';

/** The alert engine's face: stateful (hysteresis, consecutive samples), fed in time order. */
export interface ReplayEngine {
  update(history: History): { active: Alert[]; raised: Alert[]; cleared: Alert[] };
}

export interface ReplayIo {
  /** a fresh alert engine: alerts are recomputed from the recorded samples, as live */
  engine: () => ReplayEngine;
  /** the one-moment report (table or JSON), as --once prints it live */
  render: (sample: Sample, alerts: Alert[]) => string;
  write: (text: string) => void;
  warn: (line: string) => void;
  /** on a terminal: plays the recording in the TUI (without --once / --json) */
  tui?: (feed: ReplayTuiFeed) => Promise<number>;
}

/** What the TUI needs to play a recording: the sample function, its pace, and whose samples they are. */
export interface ReplayTuiFeed {
  take: () => Promise<Sample>;
  /** step / jump: moves and returns the entries to rebuild the history from (see seekingMove) */
  seek: (m: ReplayMove, capacity: number) => HistoryEntry[];
  intervalMs: number;
  host: string;
  kernel: string | undefined;
}

const iso = (t: number) => new Date(t).toISOString();

/** --at as a time inside the recording; a clear error otherwise. */
function resolveAt(text: string, c: ReplayController): number {
  const t = parseAt(text, c.startTime, c.endTime);
  if (t === undefined) throw new UsageError(`--at: ${JSON.stringify(text)} is not a time (ISO time, HH:MM[:SS] UTC, +DUR from the start, -DUR before the end)`);
  if (t < c.startTime || t > c.endTime) {
    throw new RecordingError(`--at ${text} is ${iso(t)}, outside the recording (${iso(c.startTime)} to ${iso(c.endTime)})`);
  }
  return t;
}

/**
 * `tcpwatch replay FILE`: the recorded samples through the live views, with alerts recomputed
 * from the recorded history. --once: one moment (--at, default the end); otherwise every entry
 * from --at on, at once or paced by --speed.
 */
export async function runReplay(o: CliOptions, io: ReplayIo): Promise<number> {
  const file = o.args[0] as string;
  const rec = await readRecordingFile(file);
  const bad = describeBadLines(rec.bad);
  if (bad) io.warn(`${file}: ${bad}`);
  const c = new ReplayController(rec.entries, o.speed ?? 1);
  const capacity = o.historySize ?? defaultHistorySize(o.intervalMs);
  if (o.at !== undefined) c.seekTime(resolveAt(o.at, c));
  else if (o.once) c.seekIndex(rec.entries.length - 1);
  else c.seekIndex(0);

  if (o.once) {
    // a recorded gap has nothing to show: the last sample before it is what was known then
    while (isGap(c.current()) && c.position > 0) c.step(-1);
    const e = c.current();
    if (e === undefined || isGap(e)) throw new RecordingError(`${file}: no sample at or before ${iso(e?.time ?? c.startTime)}`);
    const run = new EngineRun(io.engine(), capacity);
    let alerts: Alert[] = [];
    for (let i = 0; i <= c.position; i++) alerts = run.push(rec.entries[i] as HistoryEntry).active;
    io.write(io.render(e, alerts));
    return 0;
  }

  if (io.tui && !o.json) {
    const any = rec.entries.find((e): e is Sample => !isGap(e)) as Sample;
    return io.tui({ take: steppingTake(c), seek: seekingMove(c), intervalMs: recordedIntervalMs(rec.entries, o.speed ?? 1), host: any.host, kernel: any.kernel });
  }

  const out = new LineStream(o.json, io.write);
  // the engine sees what came before the first entry shown, as it did live
  const run = new EngineRun(io.engine(), capacity);
  for (let i = 0; i < c.position; i++) run.push(rec.entries[i] as HistoryEntry);
  const show = (e: HistoryEntry) => {
    const r = run.push(e);
    out.entry(e, r.active, [...r.cleared, ...r.raised]);
  };
  if (o.speed === undefined) {
    for (let i = c.position; i < rec.entries.length; i++) show(rec.entries[i] as HistoryEntry);
    return 0;
  }
  const player = new ReplaySource(c);
  const stop = () => player.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // the first next() shows the entry --at chose (or the first), then each in recorded time
  player.seekIndex(c.position);
  for (let e = await player.next(); e !== undefined; e = await player.next()) show(e);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  return 0;
}

/** Entries into a history and the engine, in order; a gap changes no alert. */
class EngineRun {
  private readonly history: History;
  private readonly none = { active: [] as Alert[], raised: [] as Alert[], cleared: [] as Alert[] };

  constructor(private readonly engine: ReplayEngine, capacity: number) {
    this.history = new History(capacity);
  }

  push(e: HistoryEntry): { active: Alert[]; raised: Alert[]; cleared: Alert[] } {
    this.history.push(e);
    return isGap(e) ? this.none : this.engine.update(this.history);
  }
}
