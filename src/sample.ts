import { emptyUnparsed, mergeUnparsed } from './parse/unparsed.js';
import { AGE_BUCKETS, LINUX_TIME_WAIT_S, ratesFromAges, soonest, type Rates } from './rates.js';
import type { TalliedDestination } from './tally/destinations.js';
import { Tally } from './tally/index.js';
import { rowPredicate, type RowFilterSpec } from './tally/row-filter.js';
import type { Counters, Destination, Limits, Sample, Sockstat, TcpRow, Unparsed } from './types.js';
import { thousands } from './format.js';

/** How many destinations a sample keeps (sorted busiest first); the total count is kept too. */
export const DEFAULT_TOP_DESTINATIONS = 100;

/** What a source gathered besides the table's rows. */
export interface SampleParts {
  time: number;
  host: string;
  source: Sample['source'];
  limits: Limits;
  sockstat?: Sockstat;
  counters?: Counters;
  warnings: string[];
  topDestinations?: number | undefined;
  kernel?: string;
  /** count only the rows it keeps (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
}

/**
 * Hands every row of the table to `add`, one at a time (a streaming parser may pass one reused
 * object each time), and returns what it could not parse.
 */
export type RowFeed = (add: (row: TcpRow) => void) => Unparsed;

/** A feed of rows already parsed, from one or more outputs. */
export function parsedRows(outputs: ReadonlyArray<{ rows: readonly TcpRow[]; unparsed: Unparsed }>): RowFeed {
  return (add) => {
    const unparsed = emptyUnparsed();
    for (const out of outputs) {
      for (const r of out.rows) add(r);
      mergeUnparsed(unparsed, out.unparsed);
    }
    return unparsed;
  };
}

/**
 * The Sample of a source's rows, the one way every source makes one: the rows are counted in a
 * tally that takes the ephemeral range and the reserved ports from `limits` (which local ports
 * count as in use), then assembled with what the source read besides. A filter decides which rows
 * count, here and nowhere else.
 */
export function sampleFromRows(p: SampleParts, feed: RowFeed): Sample {
  const tally = new Tally({ portRange: p.limits.ip_local_port_range, reserved: p.limits.ip_local_reserved_ports });
  const keep = rowPredicate(p.filter);
  // the predicate is chosen once: an unfiltered sample pays nothing per row
  const unparsed = feed(keep ? (row) => (keep(row) ? tally.add(row) : tally.context(row)) : (row) => tally.add(row));
  const all = tally.destinations();
  // the live Linux sources always print TIME_WAIT timers; a capture shows whether it has them
  const timers = tally.timersSeen || p.source === 'procfs' || p.source === 'sock_diag';
  const destinations = all.slice(0, p.topDestinations ?? DEFAULT_TOP_DESTINATIONS).map((d) => withRates(d, p.limits, timers));
  const warnings = [...p.warnings];
  if (tally.repeats > 0) {
    warnings.push(`${tally.repeats} repeated row(s) dropped (the table changed while it was read)`);
  }
  return {
    time: p.time,
    host: p.host,
    source: p.source,
    states: tally.states,
    families: { ipv4: tally.ipv4, ipv6: tally.ipv6 },
    limits: p.limits,
    sockstat: p.sockstat ?? {},
    counters: p.counters ?? { Tcp: {}, TcpExt: {} },
    destinations,
    destinationCount: all.length,
    ...(tally.portsInUseHost !== undefined ? { portsInUseHost: tally.portsInUseHost } : {}),
    closeWait: tally.closeWaitGroups(),
    ...(timers ? { rates: hostRates(tally.timeWaitAges, destinations, p.limits) } : {}),
    ...(tally.queues ? { queuedBytes: { rx: tally.rxQueued, tx: tally.txQueued } } : {}),
    unparsed,
    warnings,
    ...(p.kernel !== undefined ? { kernel: p.kernel } : {}),
  };
}

/** A tallied destination as the Sample keeps it: its rates from the TIME_WAIT ages, where the source has timers. */
function withRates(t: TalliedDestination, l: Limits, timers: boolean): Destination {
  const { timeWaitAges, ...d } = t;
  if (!timers) return d;
  return { ...d, rates: ratesFromAges(timeWaitAges ?? new Array<number>(AGE_BUCKETS).fill(0), d.portsInUse, l.ephemeral_ports, l.time_wait_seconds ?? LINUX_TIME_WAIT_S) };
}

/**
 * Host-wide: every outgoing connection's rate, and the soonest any destination fills. The rate is
 * at least the sum of the destinations' own: each is divided by the seconds its own load has run,
 * so one older TIME_WAIT toward a quiet destination cannot dilute a load that began since.
 */
function hostRates(ages: readonly number[], destinations: readonly Destination[], l: Limits): Rates {
  const r = ratesFromAges(ages, 0, undefined, l.time_wait_seconds ?? LINUX_TIME_WAIT_S);
  let parts = 0;
  for (const d of destinations) parts += d.rates?.newPerSecond ?? 0;
  return { ...r, newPerSecond: Math.max(r.newPerSecond, Math.round(parts * 10) / 10), fullInSeconds: soonest(destinations.map((d) => d.rates?.fullInSeconds)) };
}

/** Total sockets over all states. */
export function totalSockets(s: Pick<Sample, 'states'>): number {
  let n = 0;
  for (const v of Object.values(s.states)) n += v;
  return n;
}

/** The timewait sockets tcp_max_tw_buckets counts: sockstat's tw (TIME_WAIT and FIN_WAIT2 mini-sockets), else the TIME_WAIT rows. */
export function timewaitSockets(s: Pick<Sample, 'states' | 'sockstat'>): number {
  return s.sockstat.tw ?? s.states.TIME_WAIT;
}

/**
 * Of sockstat's tw, the FIN_WAIT2 sockets (closed here, not yet by the peer: timewait mini-sockets
 * once orphaned, counted against tcp_max_tw_buckets as TIME_WAIT is): tw less TIME_WAIT, at most
 * the table's FIN_WAIT2. 0 without tw or where the table is older than the counters.
 */
export function timewaitFinWait2(s: Pick<Sample, 'states' | 'sockstat' | 'breakdownTime'>): number {
  const tw = s.sockstat.tw;
  return tw === undefined || s.breakdownTime !== undefined ? 0 : Math.max(0, Math.min(tw - s.states.TIME_WAIT, s.states.FIN_WAIT2));
}

/** How sockstat's tw is made up, where FIN_WAIT2 is part of it: '0 TIME_WAIT + 150 FIN_WAIT2 (closed here, not yet by the peer)'. */
export function timewaitParts(s: Pick<Sample, 'states' | 'sockstat' | 'breakdownTime'>): string | undefined {
  const fw2 = timewaitFinWait2(s);
  return fw2 > 0 ? `${thousands((s.sockstat.tw ?? 0) - fw2)} TIME_WAIT + ${thousands(fw2)} FIN_WAIT2 (closed here, not yet by the peer)` : undefined;
}
