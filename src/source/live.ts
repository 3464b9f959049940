import { DEFAULT_POLICY, scanKind, type BudgetPolicy } from '../budget.js';
import type { Sample } from '../types.js';

/** CPU seconds this process has used (user + system), including the kernel's time in read(). */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** T: one Sample, or (--all-netns) one round of every namespace's. */
export interface LiveSourceParts<T = Sample> {
  /** every socket: exact per-state counts and destinations, expensive on a busy host */
  full: () => Promise<T>;
  /** O(1) counters now, breakdown carried over from the last full one; absent where a platform has no cheap path */
  cheap?: ((breakdown: T) => Promise<T>) | undefined;
  /** the full breakdown with its sockets' owners, taken instead of `full` as the budget allows */
  withOwners?: (() => Promise<T>) | undefined;
  policy?: BudgetPolicy;
  intervalMs: () => number;
  cpuSeconds?: () => number;
  wallSeconds?: () => number;
}

/**
 * The live monitor's source: the counters every tick, the full breakdown as often as the CPU
 * budget allows (and never older than the policy's maxAge). The budget counts the whole
 * process, TUI drawing included, since that is what the user's `top` shows. With `withOwners`,
 * a full breakdown also names its sockets' owners whenever that costlier scan fits the budget.
 */
export function createLiveSource<T = Sample>(parts: LiveSourceParts<T>): () => Promise<T> {
  const policy = parts.policy ?? DEFAULT_POLICY;
  const cpu = parts.cpuSeconds ?? processCpuSeconds;
  const wall = parts.wallSeconds ?? (() => performance.now() / 1000);
  const cpu0 = cpu();
  const wall0 = wall();
  let last: T | undefined;
  let lastFullWall = -Infinity;
  let lastFullCost = 0;
  let lastOwnersCost = 0;
  let lastOwnersWall = -Infinity;
  return async () => {
    const now = wall();
    const kind =
      !parts.cheap || !last
        ? 'full'
        : scanKind(
            {
              cpuSpent: cpu() - cpu0,
              wallElapsed: now - wall0,
              lastFullCost,
              breakdownAge: now - lastFullWall,
              lastOwnersCost,
              ownersAge: now - lastOwnersWall,
              interval: parts.intervalMs() / 1000,
            },
            policy,
            parts.withOwners !== undefined,
          );
    if (kind === 'cheap' && last && parts.cheap) return parts.cheap(last);
    const c0 = cpu();
    // the breakdown is as old as the start of its scan (its sample's time), which on a busy host
    // can be seconds before the scan ends
    lastFullWall = now;
    const owners = kind === 'owners' && parts.withOwners;
    const s = await (owners ? owners() : parts.full());
    // each kind of scan is judged by its own last cost: an owners scan would make plain ones look dear
    if (owners) {
      lastOwnersCost = cpu() - c0;
      lastOwnersWall = now;
    }
    if (!owners || lastFullCost === 0) lastFullCost = cpu() - c0;
    last = s;
    return s;
  };
}
