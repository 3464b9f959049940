/**
 * Rates across two samples of the table: how many connections toward each destination (and
 * host-wide) entered TIME_WAIT between them. What is in TIME_WAIT now is what was there before,
 * plus what entered, minus what left; so entered = growth + left. With TIME_WAIT timers the
 * earlier sample says exactly which of its sockets have left since (those whose age plus the time
 * between reached the TIME_WAIT length). Without timers (Windows, macOS netstat) a steady state
 * is assumed: 1/length of them leave each second (rates.ts ratesFromDeltas).
 *
 * With timers, the one-sample rate already exists (the youngest ages, over up to RATE_WINDOW_S);
 * the count between two ticks refines it where the ticks are closer together than that window:
 * it is exact at any interval (the histogram is in whole seconds), and it drops to zero as soon
 * as the load stops, where the window would still remember its last seconds.
 */
import { fullInSeconds, LINUX_TIME_WAIT_S, RATE_WINDOW_S, ratesFromDeltas, soonest, type Rates } from './rates.js';
import type { Destination, Sample } from './types.js';

/** The sockets of an age histogram (index = whole seconds since the close) whose timer has run out `seconds` later. */
export function expiredAfter(ages: readonly number[], seconds: number, timeWaitS: number): number {
  let n = 0;
  // bucket i holds ages in [i, i + 1): counted as gone once its middle has reached the length
  for (let i = 0; i < ages.length; i++) if (i + 0.5 + seconds >= timeWaitS) n += ages[i] ?? 0;
  return n;
}

const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** What entered TIME_WAIT between two counts, per second. */
function enteredPerSecond(before: number, now: number, left: number, seconds: number): number {
  return Math.max(0, Math.round(((now - before + left) / seconds) * 10) / 10);
}

interface Side {
  /** TIME_WAIT sockets counted now and before */
  tw: number;
  twBefore: number;
  /** the earlier sample's ages, where it had timers */
  agesBefore: readonly number[] | undefined;
}

/** The refined rates of one destination (or the host): `now` from its timers, or undefined without them. */
function refine(now: Rates | undefined, side: Side, seconds: number, inUse: number, usable: number | undefined, timeWaitS: number): Rates | undefined {
  if (now?.timeWaitAges) {
    // a tick further apart than the one-sample window says less about "now" than the window does
    if (seconds > RATE_WINDOW_S || !side.agesBefore) return now;
    const rate = enteredPerSecond(side.twBefore, side.tw, expiredAfter(side.agesBefore, seconds, timeWaitS), seconds);
    const ages = now.timeWaitAges;
    return { ...now, newPerSecond: rate, fullInSeconds: usable === undefined ? null : fullInSeconds({ inUse, usable, rate, ages, timeWaitS }), basis: 'timers+deltas' };
  }
  if (now) return now;
  return ratesFromDeltas(side.twBefore, side.tw, seconds, inUse, usable, timeWaitS);
}

const keyOf = (d: Pick<Destination, 'local' | 'remote' | 'remotePort'>) => `${d.local} ${d.remote} ${d.remotePort}`;

/**
 * `now` with its destinations' and the host's rates taken between it and `before`, an earlier
 * sample of the table `seconds` before it. A destination `before` did not list is new (nothing
 * toward it was in TIME_WAIT) unless `before`'s list was cut; then it keeps what it had.
 */
export function ratesBetween(before: Sample, now: Sample, seconds: number): Sample {
  if (!(seconds > 0)) return now;
  const timeWaitS = now.limits.time_wait_seconds ?? LINUX_TIME_WAIT_S;
  const usable = now.limits.ephemeral_ports;
  const earlier = new Map(before.destinations.map((d) => [keyOf(d), d]));
  const complete = before.destinations.length >= before.destinationCount;
  const destinations = now.destinations.map((d): Destination => {
    const p = earlier.get(keyOf(d));
    if (!p && !complete) return d;
    const side: Side = { tw: d.states.TIME_WAIT ?? 0, twBefore: p?.states.TIME_WAIT ?? 0, agesBefore: p ? p.rates?.timeWaitAges : [] };
    const rates = refine(d.rates, side, seconds, d.portsInUse, usable, timeWaitS);
    return rates ? { ...d, rates } : d;
  });
  const hostAges = now.rates?.timeWaitAges;
  const beforeAges = before.rates?.timeWaitAges;
  // host-wide: with timers, the outgoing TIME_WAIT the ages count; without, every TIME_WAIT row
  const host: Side = hostAges ? { tw: sumOf(hostAges), twBefore: beforeAges ? sumOf(beforeAges) : 0, agesBefore: beforeAges } : { tw: now.states.TIME_WAIT, twBefore: before.states.TIME_WAIT, agesBefore: undefined };
  const hostRates = refine(now.rates, host, seconds, 0, undefined, timeWaitS);
  return {
    ...now,
    destinations,
    ...(hostRates ? { rates: { ...hostRates, fullInSeconds: soonest(destinations.map((d) => d.rates?.fullInSeconds)) } } : {}),
  };
}
