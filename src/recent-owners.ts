/**
 * Likely authors from recent samples. TIME_WAIT has no owner, and a program that makes short
 * connections often holds none of them open at the moment /proc is scanned; but every TIME_WAIT
 * socket toward a destination was a live connection less than the TIME_WAIT length ago, so the
 * process seen holding that destination's ESTABLISHED or SYN_SENT sockets in a sample within that
 * time is still its likely author. A few samples' owner maps are kept, newest first; never more.
 */
import { LINUX_TIME_WAIT_S } from './rates.js';
import type { Destination, Sample } from './types.js';

/** How many attributed samples' owners are kept. */
export const RECENT_OWNER_SAMPLES = 8;

type Owners = NonNullable<Destination['owners']>;

const keyOf = (d: Pick<Destination, 'local' | 'remote' | 'remotePort'>) => `${d.local} ${d.remote} ${d.remotePort}`;

export class RecentOwners {
  /** newest first, at most RECENT_OWNER_SAMPLES */
  private seen: Array<{ time: number; owners: Map<string, Owners> }> = [];

  /**
   * `s` with owners for the destinations it found none for, from the newest recent sample that
   * saw some, marked with how long ago (`seenAgoS`). Samples without --processes pass unchanged.
   */
  apply(s: Sample): Sample {
    if (!s.processes) return s;
    const now = new Map<string, Owners>();
    for (const d of s.destinations)
      if (d.owners && d.owners.length > 0)
        now.set(
          keyOf(d),
          d.owners.filter((o) => o.seenAgoS === undefined),
        );
    const windowMs = (s.limits.time_wait_seconds ?? LINUX_TIME_WAIT_S) * 1000;
    this.seen = this.seen.filter((m) => m.time < s.time && s.time - m.time <= windowMs);
    let changed = false;
    const destinations = s.destinations.map((d): Destination => {
      if (d.owners && d.owners.length > 0) return d;
      for (const m of this.seen) {
        const owners = m.owners.get(keyOf(d));
        if (!owners) continue;
        changed = true;
        const seenAgoS = Math.max(1, Math.round((s.time - m.time) / 1000));
        return { ...d, owners: owners.map((o) => ({ ...o, seenAgoS })) };
      }
      return d;
    });
    if (now.size > 0) this.seen = [{ time: s.time, owners: now }, ...this.seen].slice(0, RECENT_OWNER_SAMPLES);
    return changed ? { ...s, destinations } : s;
  }
}
