import { TCP_STATES, type StateCounts, type TcpState } from './states.js';

/**
 * The two bulk states the kernel already counts in O(1): snmp `CurrEstab` is ESTABLISHED +
 * CLOSE_WAIT, sockstat `tw` is every timewait socket (TIME_WAIT, and orphaned FIN_WAIT2 ones).
 */
export const COUNTED_STATES: readonly TcpState[] = ['ESTABLISHED', 'TIME_WAIT'];
/** What must still be enumerated (with the kernel filtering the bulk states out). */
export const RARE_STATES: readonly TcpState[] = TCP_STATES.filter((s) => !COUNTED_STATES.includes(s));

export interface RareCount {
  /** per-state counts of the enumerated rare states (the others zero) */
  states: StateCounts;
  /** of its FIN_WAIT2, those that are timewait mini-sockets (counted in sockstat tw too) */
  timewaitFinWait2: number;
}

/**
 * Every state's count from an enumeration of the rare states and the two O(1) counters, or
 * undefined when they cannot be from the same table (a counter below what was enumerated: the
 * table changed between the reads). Per-family counts cannot be had this way: the counters are
 * for both families together.
 */
export function statesFromCounters(rare: RareCount, currEstab: number | undefined, tw: number | undefined): StateCounts | undefined {
  if (currEstab === undefined || tw === undefined) return undefined;
  const established = currEstab - rare.states.CLOSE_WAIT;
  const timeWait = tw - rare.timewaitFinWait2;
  if (established < 0 || timeWait < 0) return undefined;
  return { ...rare.states, ESTABLISHED: established, TIME_WAIT: timeWait };
}
