/** The rates of a destination or the host in the `--json` document, both ways. */
import { AGE_BUCKETS, RATE_BASES, type Rates } from '../rates.js';
import { list, num, oneOf, type Obj } from './json-fields.js';

/**
 * `new_per_s`, `full_in_s` (null: never fills) and, from timers, `time_wait_ages`: TIME_WAIT
 * sockets by seconds since their close, without the trailing zeros (a minute of mostly empty
 * seconds per destination would be most of the document).
 */
export function ratesToJson(r: Rates | undefined): Record<string, unknown> {
  if (!r) return {};
  return {
    new_per_s: r.newPerSecond,
    full_in_s: r.fullInSeconds,
    rate_from: r.basis,
    ...(r.timeWaitAges ? { time_wait_ages: trimmed(r.timeWaitAges) } : {}),
  };
}

/** The inverse of ratesToJson, on the object that carries the fields; undefined when it has none. */
export function jsonToRates(o: Obj, path: string): Rates | undefined {
  if (o.new_per_s === undefined) return undefined;
  return {
    newPerSecond: num(o.new_per_s, `${path}.new_per_s`),
    fullInSeconds: o.full_in_s === null ? null : num(o.full_in_s, `${path}.full_in_s`),
    basis: oneOf(o.rate_from, RATE_BASES, `${path}.rate_from`),
    ...(o.time_wait_ages !== undefined ? { timeWaitAges: padded(list(o.time_wait_ages, `${path}.time_wait_ages`).map((n) => num(n, `${path}.time_wait_ages`))) } : {}),
  };
}

function trimmed(ages: readonly number[]): number[] {
  let n = ages.length;
  while (n > 0 && ages[n - 1] === 0) n--;
  return ages.slice(0, n);
}

function padded(ages: number[]): number[] {
  return ages.length >= AGE_BUCKETS ? ages.slice(0, AGE_BUCKETS) : [...ages, ...new Array<number>(AGE_BUCKETS - ages.length).fill(0)];
}
