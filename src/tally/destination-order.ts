/** --sort for the --once destinations: by ports in use (the default order), TIME_WAIT, CLOSE_WAIT or the connection rate. */
import type { Destination } from '../types.js';

export const SORT_KEYS = ['ports', 'time_wait', 'close_wait', 'new_per_s'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** A destination's connection rate, where the sample carries one (the rates are computed from timers when read). */
function rate(d: Destination): number | undefined {
  const r = (d as Destination & { newPerS?: unknown; new_per_s?: unknown }).newPerS ?? (d as { new_per_s?: unknown }).new_per_s;
  return typeof r === 'number' ? r : undefined;
}

const KEY: Record<SortKey, (d: Destination) => number | undefined> = {
  ports: (d) => d.portsInUse,
  time_wait: (d) => d.states.TIME_WAIT ?? 0,
  close_wait: (d) => d.states.CLOSE_WAIT ?? 0,
  new_per_s: rate,
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
