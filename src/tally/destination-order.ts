/** --sort for the --once destinations: by ports in use (the default order), TIME_WAIT, CLOSE_WAIT or the connection rate (rates.ts). */
import type { Destination } from '../types.js';

export const SORT_KEYS = ['ports', 'time_wait', 'close_wait', 'new_per_s'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const KEY: Record<SortKey, (d: Destination) => number | undefined> = {
  ports: (d) => d.portsInUse,
  time_wait: (d) => d.states.TIME_WAIT ?? 0,
  close_wait: (d) => d.states.CLOSE_WAIT ?? 0,
  new_per_s: (d) => d.rates?.newPerSecond,
};

/**
 * The destinations, largest first by `key`, ties by ports in use; undefined when the
 * destinations do not carry that figure (no rate in this sample).
 */
export function sortDestinations(list: readonly Destination[], key: SortKey): Destination[] | undefined {
  const of = KEY[key];
  if (list.length > 0 && list.every((d) => of(d) === undefined)) return undefined;
  return [...list].sort((a, b) => (of(b) ?? -1) - (of(a) ?? -1) || b.portsInUse - a.portsInUse);
}
