/**
 * Connection rates from one snapshot. A TIME_WAIT socket's timer says how long ago its connection
 * closed: the kernel always arms it for TCP_TIMEWAIT_LEN (60 s, include/net/tcp.h), so
 * age = 60 s - time left. One table read thus tells how many connections toward each destination
 * closed in each of the last 60 seconds, and from that how fast its ports are being used and when
 * they run out. Where no timer is printed (Windows, macOS netstat) the same figures come from the
 * TIME_WAIT counts of two samples.
 */

/** One bucket per second of age; index 0 holds the sockets closed within the last second. */
export const AGE_BUCKETS = 60;
/** Linux's TIME_WAIT length in seconds (TCP_TIMEWAIT_LEN), which the timer ages count down from. */
export const LINUX_TIME_WAIT_S = 60;
/** The rate is taken over at most the last 10 s: "now", not a minute in which the load may have just begun. */
export const RATE_WINDOW_S = 10;

/**
 * How a rate was measured: from TIME_WAIT timers in one sample, from those timers over the time
 * since the previous sample (the live monitor, tick-rates.ts), or from counts in two samples.
 */
export type RateBasis = 'timers' | 'timers+deltas' | 'deltas';
export const RATE_BASES: readonly RateBasis[] = ['timers', 'timers+deltas', 'deltas'];

/** Where a rate comes from, for people. */
export const BASIS_TEXT = {
  timers: 'from TIME_WAIT timers',
  'timers+deltas': 'from TIME_WAIT timers, over the time since the previous sample',
  deltas: 'from TIME_WAIT counts between samples',
} satisfies Record<RateBasis, string>;

/** What a destination (or the host) is doing now. */
export interface Rates {
  /** new connections per second now */
  newPerSecond: number;
  /** seconds until its usable ports run out at that rate; null when it never fills (0 when full) */
  fullInSeconds: number | null;
  /** TIME_WAIT sockets by age in whole seconds (AGE_BUCKETS of them); absent without timers */
  timeWaitAges?: number[];
  basis: RateBasis;
}

/** The age bucket of a TIME_WAIT socket with `ticks` (1/100 s) left on its timer. */
export function ageBucket(ticks: number): number {
  const b = Math.floor((LINUX_TIME_WAIT_S * 100 - ticks) / 100);
  return b < 0 ? 0 : b >= AGE_BUCKETS ? AGE_BUCKETS - 1 : b;
}

/** Closes a silence must have missed at a rate before it says the load stopped (one in e^3 would show none by chance). */
const STOPPED_AFTER_EXPECTED = 3;

/**
 * Connections per second from the youngest TIME_WAIT ages: those closed in the last RATE_WINDOW_S
 * seconds, over the seconds the load has actually been running in that window (so a load that
 * began 3 s ago is divided by 3, not 10). Where the youngest seconds hold none, though the rate
 * before them would have made several, the load has stopped: 0, not the window's memory of it.
 */
export function newPerSecond(ages: readonly number[]): number {
  let oldest = -1;
  let youngest = -1;
  let count = 0;
  for (let i = 0; i < RATE_WINDOW_S; i++) {
    const n = ages[i] ?? 0;
    if (n > 0) {
      oldest = i;
      if (youngest < 0) youngest = i;
    }
    count += n;
  }
  if (oldest < 0) return 0;
  const rate = count / (oldest + 1);
  return rate * youngest >= STOPPED_AFTER_EXPECTED ? 0 : round1(rate);
}

export interface FillInput {
  /** ports held toward the destination now, TIME_WAIT included */
  inUse: number;
  /** usable ephemeral ports */
  usable: number;
  /** new connections per second */
  rate: number;
  /** the TIME_WAIT sockets among inUse by age in seconds */
  ages: readonly number[];
  /** how long a closed connection keeps its port */
  timeWaitS: number;
}

/**
 * Seconds until the ports run out: each new connection holds a port for the TIME_WAIT length,
 * while the TIME_WAIT sockets there now free theirs as their timers run out (the oldest first).
 * Null when it never fills: the ports other than TIME_WAIT plus rate x TIME_WAIT length (what the
 * load holds once it is steady) stay below the range.
 */
export function fullInSeconds(f: FillInput): number | null {
  if (f.usable <= 0) return null;
  if (f.inUse >= f.usable) return 0;
  if (f.rate <= 0) return null;
  const tw = f.ages.reduce((a, b) => a + b, 0);
  const L = Math.max(1, Math.round(f.timeWaitS));
  if (f.inUse - tw + f.rate * L < f.usable) return null;
  // used(t) = inUse + rate*t - (TIME_WAIT sockets whose timer ends by t); the ages scale to L buckets
  let expired = 0;
  let before = f.inUse;
  for (let t = 1; t <= L; t++) {
    const bucket = Math.floor(((L - t) * f.ages.length) / L);
    for (let i = Math.floor(((L - t + 1) * f.ages.length) / L) - 1; i >= bucket; i--) expired += f.ages[i] ?? 0;
    const used = f.inUse + f.rate * t - expired;
    if (used >= f.usable) return round1(t - 1 + (f.usable - before) / Math.max(used - before, 1e-9));
    before = used;
  }
  return L;
}

/** The rates of a destination (or the host) from its TIME_WAIT ages. */
export function ratesFromAges(ages: readonly number[], inUse: number, usable: number | undefined, timeWaitS: number): Rates {
  const rate = newPerSecond(ages);
  return {
    newPerSecond: rate,
    fullInSeconds: usable === undefined ? null : fullInSeconds({ inUse, usable, rate, ages, timeWaitS }),
    timeWaitAges: [...ages],
    basis: 'timers',
  };
}

/**
 * The rates from two samples' TIME_WAIT counts, where no timer is printed: what entered TIME_WAIT
 * is the growth plus what left it, and in a steady state 1/length of them leave each second. For
 * the fill time the growth is taken as closed within the window, the rest as evenly aged.
 */
export function ratesFromDeltas(twBefore: number, twNow: number, seconds: number, inUse: number, usable: number | undefined, timeWaitS: number): Rates {
  const rate = seconds > 0 ? Math.max(0, round1((twNow - twBefore) / seconds + twBefore / timeWaitS)) : 0;
  // the growth is young (closed within the window); the rest taken as evenly aged
  const grown = Math.max(0, twNow - twBefore);
  const young = Math.min(AGE_BUCKETS, Math.max(1, Math.round((seconds * AGE_BUCKETS) / timeWaitS)));
  const ages = Array.from({ length: AGE_BUCKETS }, (_, i) => (twNow - grown) / AGE_BUCKETS + (i < young ? grown / young : 0));
  return {
    newPerSecond: rate,
    fullInSeconds: usable === undefined ? null : fullInSeconds({ inUse, usable, rate, ages, timeWaitS }),
    basis: 'deltas',
  };
}

/** The soonest of several fill times (null when none fills). */
export function soonest(times: ReadonlyArray<number | null | undefined>): number | null {
  let out: number | null = null;
  for (const t of times) if (t !== null && t !== undefined && (out === null || t < out)) out = t;
  return out;
}

/** "40 s", "4 min", "now": a fill time for people. */
export function fullInText(seconds: number): string {
  if (seconds <= 0) return 'now';
  if (seconds < 120) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** A destination's NEW/S and FULL IN cells: "-" where the sample tells no rate, "never" where its ports do not run out at it. */
export function rateCells(r: Pick<Rates, 'newPerSecond' | 'fullInSeconds'> | undefined): [string, string] {
  if (!r) return ['-', '-'];
  return [rateText(r.newPerSecond), r.fullInSeconds === null ? 'never' : fullInText(r.fullInSeconds)];
}

/** "470/s", "0.5/s". */
export function rateText(perSecond: number): string {
  return `${perSecond >= 10 ? Math.round(perSecond) : round1(perSecond)}/s`;
}

/** To one decimal, as rates are shown and stored. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
