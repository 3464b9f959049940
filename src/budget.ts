/**
 * When to take the expensive full breakdown (every socket) instead of the O(1) counters only.
 * Pure: the caller measures CPU time and wall time and passes them in.
 */
export interface BudgetState {
  /** CPU seconds this process has used since the monitor started */
  cpuSpent: number;
  /** wall seconds since the monitor started */
  wallElapsed: number;
  /** CPU seconds the last full breakdown cost (0 before the first) */
  lastFullCost: number;
  /** seconds since the last full breakdown (Infinity before the first) */
  breakdownAge: number;
  /** seconds until the next tick */
  interval: number;
}

export interface BudgetPolicy {
  /** share of one core the whole process may use, e.g. 0.05 */
  maxCpu: number;
  /** the breakdown is never older than this, budget or not */
  maxAge: number;
}

export const DEFAULT_POLICY: BudgetPolicy = { maxCpu: 0.05, maxAge: 30 };

/**
 * Full breakdown now if there is none, if waiting for the next tick would make it older than
 * maxAge, or if the process stays within maxCpu of one core (averaged since start) after paying
 * for one more full scan at the last one's cost.
 */
export function wantFullBreakdown(s: BudgetState, p: BudgetPolicy): boolean {
  if (!Number.isFinite(s.breakdownAge)) return true;
  if (s.breakdownAge + s.interval > p.maxAge) return true;
  const allowed = p.maxCpu * (s.wallElapsed + s.interval);
  return s.cpuSpent + s.lastFullCost <= allowed;
}

/** A tick's read: the O(1) counters only, the full breakdown, or the breakdown with its sockets' owners. */
export type ScanKind = 'cheap' | 'full' | 'owners';

/** Socket owners are looked up at most this often: recent ones stay likely authors for a TIME_WAIT length. */
export const OWNERS_EVERY_S = 10;

export interface ScanState extends BudgetState {
  /** CPU seconds the last breakdown with owners cost (0 before the first) */
  lastOwnersCost: number;
  /** seconds since the last breakdown with owners (Infinity before the first) */
  ownersAge: number;
}

/**
 * With owners wanted (`owners`), a breakdown with them once OWNERS_EVERY_S have passed and its
 * last cost fits the budget; until it fits, plain scans wait (they would always take the room
 * first) unless the breakdown's age forces one. Otherwise as wantFullBreakdown. Owners are a
 * nicety: the first sample is a plain one, and no scan with owners ever goes over the budget.
 */
export function scanKind(s: ScanState, p: BudgetPolicy, owners: boolean): ScanKind {
  if (owners && s.ownersAge >= OWNERS_EVERY_S) {
    // before the first, the /proc walk is taken to cost as much as the table again
    const cost = s.lastOwnersCost > 0 ? s.lastOwnersCost : 2 * s.lastFullCost;
    if (s.cpuSpent + cost <= p.maxCpu * (s.wallElapsed + s.interval)) return 'owners';
    const forced = !Number.isFinite(s.breakdownAge) || s.breakdownAge + s.interval > p.maxAge;
    return forced ? 'full' : 'cheap';
  }
  return wantFullBreakdown(s, p) ? 'full' : 'cheap';
}

/**
 * The wait after a tick that keeps the process within maxCpu of one core when even its cheapest
 * ticks cost more than the budget allows per interval (--all-netns: discovery and every
 * namespace's counters, each tick): the last cycle's CPU (`cycleCpu`, its tick included) spread
 * over the next, less the tick's own wall time. Never shorter than the interval, never longer
 * than `maxWait` (then the budget gives way: the counts would be too old to watch).
 */
export function pacedWait(cycleCpu: number, tickWall: number, p: { maxCpu: number; interval: number; maxWait: number }): number {
  if (!(p.maxCpu > 0)) return p.interval;
  return Math.min(Math.max(p.interval, cycleCpu / p.maxCpu - tickWall), Math.max(p.interval, p.maxWait));
}
