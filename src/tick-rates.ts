/**
 * Rates across two samples of the table: how many connections toward each destination (and
 * host-wide) entered TIME_WAIT between them.
 *
 * With TIME_WAIT timers the newer sample says it directly: its sockets younger than the time
 * between the two entered since (the ages are in whole seconds; a partial bucket counts by its
 * share). The one-sample rate (the youngest ages over up to RATE_WINDOW_S) is refined so where the
 * ticks are closer together than that window: it drops to zero as soon as the load stops, where
 * the window would still remember its last seconds. Only the young end is read: a socket's timer
 * may fire after its printed expiry (the timer wheel rounds a 60 s timer up by up to a few seconds;
 * measured on 6.18, HZ 250), so "what left" cannot be told from the older sample's ages.
 *
 * Without timers (Windows, macOS netstat) what is in TIME_WAIT now is what was there before, plus
 * what entered, minus what left, and a steady state is assumed: 1/length of them leave each second
 * (rates.ts ratesFromDeltas).
 */
import { fullInSeconds, LINUX_TIME_WAIT_S, RATE_WINDOW_S, ratesFromDeltas, round1, soonest, type Rates } from './rates.js';
import type { Destination, Sample } from './types.js';

/** The sockets of an age histogram (index = whole seconds since the close) younger than `seconds`. */
export function youngerThan(ages: readonly number[], seconds: number): number {
  let n = 0;
  // bucket i holds ages in [i, i + 1): a bucket the boundary cuts counts by the share below it
  for (let i = 0; i < ages.length && i < seconds; i++) n += (ages[i] ?? 0) * Math.min(1, seconds - i);
  return n;
}

/** The refined rates of one destination (or the host) from its timers; without them, from the TIME_WAIT counts (tw before, tw now). */
function refine(now: Rates | undefined, counts: [number, number] | undefined, seconds: number, inUse: number, usable: number | undefined, timeWaitS: number): Rates | undefined {
  if (now?.timeWaitAges) {
    // a tick further apart than the one-sample window says less about "now" than the window does
    if (seconds > RATE_WINDOW_S) return now;
    const ages = now.timeWaitAges;
    const rate = round1(youngerThan(ages, seconds) / seconds);
    return { ...now, newPerSecond: rate, fullInSeconds: usable === undefined ? null : fullInSeconds({ inUse, usable, rate, ages, timeWaitS }), basis: 'timers+deltas' };
  }
  if (now || !counts) return now;
  return ratesFromDeltas(counts[0], counts[1], seconds, inUse, usable, timeWaitS);
}

const keyOf = (d: Pick<Destination, 'local' | 'remote' | 'remotePort'>) => `${d.local} ${d.remote} ${d.remotePort}`;

/**
 * `now` with its destinations' and the host's rates taken over the `seconds` since `before`, an
 * earlier sample of the table. Without timers, a destination `before` did not list is new
 * (nothing toward it was in TIME_WAIT) unless `before`'s list was cut; then it keeps what it had.
 */
export function ratesBetween(before: Sample, now: Sample, seconds: number): Sample {
  if (!(seconds > 0)) return now;
  const timeWaitS = now.limits.time_wait_seconds ?? LINUX_TIME_WAIT_S;
  const usable = now.limits.ephemeral_ports;
  const earlier = new Map(before.destinations.map((d) => [keyOf(d), d]));
  const complete = before.destinations.length >= before.destinationCount;
  const destinations = now.destinations.map((d): Destination => {
    const p = earlier.get(keyOf(d));
    const counts: [number, number] | undefined = p || complete ? [p?.states.TIME_WAIT ?? 0, d.states.TIME_WAIT ?? 0] : undefined;
    const rates = refine(d.rates, counts, seconds, d.portsInUse, usable, timeWaitS);
    return rates ? { ...d, rates } : d;
  });
  // host-wide without timers: every TIME_WAIT row
  const hostRates = refine(now.rates, [before.states.TIME_WAIT, now.states.TIME_WAIT], seconds, 0, undefined, timeWaitS);
  return {
    ...now,
    destinations,
    ...(hostRates ? { rates: { ...hostRates, fullInSeconds: soonest(destinations.map((d) => d.rates?.fullInSeconds)) } } : {}),
  };
}
