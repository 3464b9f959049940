import type { HistoryEntry } from '../history.js';
import { systemClock, type Clock } from '../clock.js';
import type { Sample } from '../types.js';

/**
 * Where a monitor's entries come from: each call gives the next sample or gap, or undefined when
 * there are no more (a recording's end). A live feed never ends; a failed sample is a gap.
 * (serve --all-netns feeds rounds of every namespace instead of entries.)
 */
export interface Feed<E = HistoryEntry> {
  next(): Promise<E | undefined>;
}

/** A move the replay keys ask for: some entries on or back, or some recorded seconds. */
export type ReplayMove = { entries: number } | { seconds: number };

/** A feed that can be moved (a recording): a move returns the entries to rebuild history from, oldest first. */
export interface Timeline extends Feed {
  seek(move: ReplayMove, capacity: number): HistoryEntry[];
}

/**
 * A live source as a feed: each sample stamped with the monotonic time it began (rates and windows
 * measure by it); a sample that throws becomes a gap with its reason, dated when it began.
 */
export function liveFeed(take: () => Promise<Sample>, clock: Clock = systemClock): Feed {
  return {
    async next() {
      const time = clock.wall();
      const mono = clock.mono();
      try {
        return { ...(await take()), mono };
      } catch (err) {
        return { time, gap: true, error: (err as Error).message };
      }
    },
  };
}
