import type { HistoryEntry } from '../history.js';
import type { ReplayMove, Timeline } from '../monitor/feed.js';
import type { ReplayController } from './controller.js';

/**
 * A recording as the TUI's timeline: each next() moves one entry on (the first gives the entry
 * the controller is at), so the monitor's interval paces the playback, its pause pauses it and
 * + / - change its pace. At the end next() gives undefined; the monitor rests, keys still work.
 */
export function steppingTimeline(c: ReplayController): Timeline {
  let first = true;
  return {
    next() {
      if (!first && !c.advance()) return Promise.resolve(undefined);
      first = false;
      return Promise.resolve(c.current());
    },
    // the entries the history is rebuilt from: the newest `capacity` up to the new position
    seek(move: ReplayMove, capacity: number): HistoryEntry[] {
      c.move(move);
      first = false;
      return c.entries.slice(Math.max(0, c.position + 1 - capacity), c.position + 1);
    },
  };
}

/** The recording's usual distance between entries (the median), divided by the speed: the TUI's interval. */
export function recordedIntervalMs(entries: readonly HistoryEntry[], speed: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < entries.length; i++) gaps.push((entries[i] as HistoryEntry).time - (entries[i - 1] as HistoryEntry).time);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 2000;
  return Math.min(3_600_000, Math.max(100, Math.round(median / speed)));
}
