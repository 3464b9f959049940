import { isGap, type HistoryEntry } from '../history.js';
import type { Sample } from '../types.js';
import type { ReplayController, ReplayMove } from './controller.js';

/**
 * A recording as the TUI's sample function: each call moves one entry on (the first shows the
 * entry the controller is at), so the TUI's own interval paces the playback, its pause pauses it
 * and + / - change its pace. A recorded gap fails as a live tick would. At the end it never
 * answers: the last screen stays, with the keys still working.
 */
export function steppingTake(c: ReplayController): () => Promise<Sample> {
  let first = true;
  return () => {
    if (!first && !c.advance()) return new Promise<never>(() => undefined);
    first = false;
    const e = c.current() as HistoryEntry;
    return isGap(e) ? Promise.reject(new Error(e.error)) : Promise.resolve(e);
  };
}

/**
 * The step and jump keys: moves the controller and returns the entries the screen's history is
 * rebuilt from, the newest `capacity` up to the new position, oldest first. Playback goes on
 * from there (steppingTake advances from the controller's position).
 */
export function seekingMove(c: ReplayController): (m: ReplayMove, capacity: number) => HistoryEntry[] {
  return (m, capacity) => {
    c.move(m);
    return c.entries.slice(Math.max(0, c.position + 1 - capacity), c.position + 1);
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
