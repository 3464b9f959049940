import { RecordingError, UsageError } from '../errors.js';
import { isGap, type HistoryEntry } from '../history.js';
import type { Feed, Timeline } from '../monitor/feed.js';
import { judgeAll } from '../monitor/judge.js';
import { Monitor, type Tick } from '../monitor/monitor.js';
import type { RulesConfig } from '../rules/config.js';
import type { Alert, Sample } from '../types.js';
import { parseAt } from './at.js';
import { ReplayController } from './controller.js';
import { readRecordingFile } from './recording-file.js';
import { describeBadLines } from './recording.js';
import { ReplaySource } from './source.js';
import { recordedIntervalMs, steppingTimeline } from './timeline.js';

export interface ReplayOptions {
  file: string;
  rules: RulesConfig;
  /** history capacity, as live */
  capacity: number;
  /** one moment (--once) */
  once: boolean;
  json: boolean;
  /** --at: where to start, or the moment --once shows */
  at: string | undefined;
  /** --speed: paced playback; undefined plays a non-interactive replay at once */
  speed: number | undefined;
}

export interface ReplayIo {
  /** the one-moment report (table or JSON), as --once prints it live */
  render: (sample: Sample, alerts: Alert[]) => string;
  /** the streaming view (lines or --json), fed every tick shown */
  stream: (tick: Tick) => void;
  warn: (line: string) => void;
  /** on a terminal: plays the recording in the TUI (without --once / --json) */
  tui?: (feed: ReplayTuiFeed) => Promise<number>;
  write: (text: string) => void;
  /** resolves when the user asks to stop (a signal); asked only for paced playback, which then ends */
  stopRequested: () => Promise<unknown>;
}

/** What the TUI needs to play a recording: the timeline, its pace, and whose samples they are. */
export interface ReplayTuiFeed {
  timeline: Timeline;
  intervalMs: number;
  host: string;
  kernel: string | undefined;
  /** the rules in force, resolved once by the command */
  rules: RulesConfig;
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

/** Every entry at once, then the end. */
function allAtOnce(entries: readonly HistoryEntry[], from: number): Feed {
  let i = from;
  return { next: () => Promise.resolve(entries[i++]) };
}

/** `skip` entries given at once (judged, not shown), then `rest`. */
function preceded(entries: readonly HistoryEntry[], skip: number, rest: Feed): Feed {
  let i = 0;
  return { next: () => (i < skip ? Promise.resolve(entries[i++]) : rest.next()) };
}

/**
 * `tcpwatch replay FILE`: the recorded samples through the live views, with alerts recomputed
 * from the recorded history by the same monitor the live modes use. --once: one moment (--at,
 * default the end); otherwise every entry from --at on, at once or paced by --speed.
 */
export async function runReplay(o: ReplayOptions, io: ReplayIo): Promise<number> {
  const rec = await readRecordingFile(o.file);
  const bad = describeBadLines(rec.bad);
  if (bad) io.warn(`${o.file}: ${bad}`);
  const c = new ReplayController(rec.entries, o.speed ?? 1);
  if (o.at !== undefined) c.seekTime(resolveAt(o.at, c));
  else if (o.once) c.seekIndex(rec.entries.length - 1);
  else c.seekIndex(0);

  if (o.once) {
    // a recorded gap has nothing to show: the last sample before it is what was known then
    while (isGap(c.current()) && c.position > 0) c.step(-1);
    const e = c.current();
    if (e === undefined || isGap(e)) throw new RecordingError(`${o.file}: no sample at or before ${iso(e?.time ?? c.startTime)}`);
    const { active } = judgeAll(o.rules, o.capacity, rec.entries.slice(0, c.position + 1));
    io.write(io.render(e, active));
    return 0;
  }

  if (io.tui && !o.json) {
    const any = rec.entries.find((x): x is Sample => !isGap(x)) as Sample;
    return io.tui({ timeline: steppingTimeline(c), intervalMs: recordedIntervalMs(rec.entries, o.speed ?? 1), host: any.host, kernel: any.kernel, rules: o.rules });
  }

  // the engine sees what came before the first entry shown, as it did live
  const start = c.position;
  let rest: Feed;
  if (o.speed === undefined) rest = allAtOnce(rec.entries, start);
  else {
    const paced = new ReplaySource(c);
    // the first next() shows the entry --at chose (or the first), then each in recorded time
    paced.seekIndex(start);
    rest = paced;
    void io.stopRequested().then(() => paced.stop());
  }
  const monitor = new Monitor({ feed: preceded(rec.entries, start, rest), intervalMs: 0, historySize: o.capacity, rules: o.rules });
  let n = 0;
  const done = new Promise<void>((resolve, reject) => {
    monitor.subscribe((ev) => {
      if (ev.kind === 'tick' && n++ >= start) io.stream(ev.tick);
      else if (ev.kind === 'end') resolve();
      else if (ev.kind === 'error') reject(ev.error instanceof Error ? ev.error : new Error(String(ev.error)));
    });
  });
  monitor.start();
  await done;
  await monitor.stop();
  return 0;
}
