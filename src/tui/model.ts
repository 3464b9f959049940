/** History + what the user chose -> everything the screen shows, as plain data. Pure. */
import { isIPv6 } from '../addr.js';
import { isGap, type History } from '../history.js';
import { netnsLabel } from '../netns-label.js';
import { totalSockets } from '../sample.js';
import { TCP_STATES, type StateCounts } from '../states.js';
import type { Destination, Sample, SampleSource } from '../types.js';
import { gauges, type GaugeModel } from './gauges.js';

export type { GaugeModel, GaugeRate } from './gauges.js';

export type FamilyFilter = 'all' | 'ipv4' | 'ipv6';
export type DestSort = 'ports' | 'timewait' | 'established' | 'closewait' | 'remote';
export const DEST_SORTS: readonly DestSort[] = ['ports', 'timewait', 'established', 'closewait', 'remote'];

/** Panels that take focus (Tab); the focused one scrolls with the arrow keys. */
export type FocusPanel = 'destinations' | 'alerts' | 'advisor';

/** What the user has chosen with keys. */
export interface UiState {
  family: FamilyFilter;
  sort: DestSort;
  paused: boolean;
  intervalMs: number;
  help: boolean;
  advisor: boolean;
  /** the advisor's panel shows socket owners instead (P) */
  processes: boolean;
  focus: FocusPanel;
  /** first visible row of each scrollable panel */
  scroll: Record<FocusPanel, number>;
  /** a transient note for the footer (e.g. the new interval) */
  note: string | undefined;
}

/** The advisor's panel is on screen: opened with A (or P), or focused with Tab. */
export function advisorShown(ui: Pick<UiState, 'advisor' | 'focus'>): boolean {
  return ui.advisor || ui.focus === 'advisor';
}

export function initialUi(intervalMs: number): UiState {
  return {
    family: 'all',
    sort: 'ports',
    paused: false,
    intervalMs,
    help: false,
    advisor: false,
    processes: false,
    focus: 'destinations',
    scroll: { destinations: 0, alerts: 0, advisor: 0 },
    note: undefined,
  };
}

/** Fixed facts about what is being watched, for the header. */
export interface HeaderInfo {
  host: string;
  kernel: string;
  /** the proc root read (or the source's name) */
  root: string;
  /** playing a recording (tcpwatch replay): the header says REPLAY, not LIVE */
  replay?: boolean;
  /** --all-netns: the namespace shown (or how many the list has) */
  netns?: string;
}

export interface StateRow {
  state: string;
  /** undefined: no sample yet */
  count: number | undefined;
  /** change per second since the previous sample; undefined without two samples */
  perSec: number | undefined;
  /** 0..1 of the total in the chosen family */
  share: number | undefined;
  /** the newest values, oldest first; NaN marks a failed tick */
  series: number[];
}

export interface RateModel {
  label: string;
  perSec: number | undefined;
}

export interface DestRow {
  local: string;
  remote: string;
  remotePort: number;
  portsInUse: number;
  timeWait: number;
  established: number;
  closeWait: number;
  /** new connections per second toward it and seconds until its ports run out (null: never); absent without timers */
  rates?: { newPerSecond: number; fullInSeconds: number | null };
}

/** A failed tick (severe: figures are not current) or a partial read of the newest sample. */
export interface Problem {
  text: string;
  severe: boolean;
}

export interface ViewModel {
  header: {
    info: HeaderInfo;
    intervalMs: number;
    paused: boolean;
    family: FamilyFilter;
    /** time of the newest sample, if any */
    sampleTime: number | undefined;
    /** the newest tick failed: sampleTime is the last good one */
    stale: boolean;
    /** age of the per-state breakdown in seconds, when older than the sample */
    breakdownAge: number | undefined;
    /** what the newest sample's table was read from, when there is one */
    source: SampleSource | undefined;
    /** --all-netns: the wait after the newest round, where the CPU budget stretches the interval */
    pacedMs?: number | undefined;
  };
  states: StateRow[];
  total: StateRow;
  gauges: GaugeModel[];
  rates: RateModel[];
  destinations: DestRow[];
  /** destinations the source saw (the list may be cut to the busiest ones) */
  destinationCount: number;
  sort: DestSort;
  /** a failed tick or partial read: shown, never turned into zeros */
  problem: Problem | undefined;
}

/** States in the order the table shows them: the two that matter most in an incident first. */
export function stateOrder(extra: readonly string[] = []): string[] {
  const first = ['TIME_WAIT', 'ESTABLISHED'];
  return [...first, ...TCP_STATES.filter((s) => !first.includes(s)), ...extra];
}

export function countsOf(s: Sample, f: FamilyFilter): StateCounts {
  return f === 'all' ? s.states : f === 'ipv4' ? s.families.ipv4 : s.families.ipv6;
}

function extraStates(s: Sample | undefined): string[] {
  if (!s) return [];
  return Object.keys(s.states)
    .filter((k) => !(TCP_STATES as readonly string[]).includes(k))
    .sort();
}

/** When a sample's per-state counts were taken: a cheap tick carries an older breakdown over. */
const countTime = (s: Sample) => s.breakdownTime ?? s.time;

/**
 * The newest real sample and, for change per second, the newest one before it whose counts were
 * taken at another time (gaps skipped): a carried-over breakdown would read as "no change".
 */
function lastTwo(h: History): [Sample | undefined, Sample | undefined] {
  let newer: Sample | undefined;
  for (let i = h.size - 1; i >= 0; i--) {
    const e = h.at(i);
    if (!e || isGap(e)) continue;
    if (!newer) newer = e;
    else if (countTime(e) !== countTime(newer)) return [newer, e];
  }
  return [newer, undefined];
}

function perSecond(a: number | undefined, b: number | undefined, dtMs: number): number | undefined {
  if (a === undefined || b === undefined || dtMs <= 0) return undefined;
  return ((a - b) * 1000) / dtMs;
}

function stateRow(h: History, name: string, f: FamilyFilter, seriesLen: number, total: number, now?: Sample, prev?: Sample): StateRow {
  const pick = (s: Sample) => (name === 'TOTAL' ? totalSockets({ states: countsOf(s, f) }) : (countsOf(s, f)[name] ?? 0));
  const count = now ? pick(now) : undefined;
  return {
    state: name,
    count,
    perSec: now && prev ? perSecond(count, pick(prev), countTime(now) - countTime(prev)) : undefined,
    share: count !== undefined && total > 0 ? count / total : undefined,
    series: h.series(pick, seriesLen),
  };
}

/** Counter rates: the four the issue names first, then more for taller panels. */
const RATES: Array<{ label: string; value: (s: Sample) => number | undefined }> = [
  { label: 'active opens', value: (s) => s.counters.Tcp.ActiveOpens },
  { label: 'passive opens', value: (s) => s.counters.Tcp.PassiveOpens },
  // TW and TWKilled count sockets entering timewait (__inet_twsk_schedule, Linux 5.17+): TIME_WAIT
  // and orphaned FIN_WAIT2 alike (on 6.18: 5 client-first closes +5, 4 orphaned FIN_WAIT2 +4)
  { label: 'new timewait', value: (s) => sum(s.counters.TcpExt.TW, s.counters.TcpExt.TWKilled) },
  { label: 'resets sent', value: (s) => s.counters.Tcp.OutRsts },
  { label: 'estab resets', value: (s) => s.counters.Tcp.EstabResets },
  { label: 'failed connects', value: (s) => s.counters.Tcp.AttemptFails },
  { label: 'TW overflows', value: (s) => s.counters.TcpExt.TCPTimeWaitOverflow },
  { label: 'listen overflows', value: (s) => s.counters.TcpExt.ListenOverflows },
  { label: 'retransmits', value: (s) => s.counters.Tcp.RetransSegs },
];

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? undefined : a + (b ?? 0);
}

function rates(h: History): RateModel[] {
  return RATES.map((r) => ({ label: r.label, perSec: h.rate(r.value) }));
}

function destRows(s: Sample | undefined, f: FamilyFilter, sort: DestSort): DestRow[] {
  if (!s) return [];
  const keep = (d: Destination) => f === 'all' || (f === 'ipv6') === isIPv6(d.remote);
  const rows = s.destinations.filter(keep).map((d) => ({
    local: d.local,
    remote: d.remote,
    remotePort: d.remotePort,
    portsInUse: d.portsInUse,
    timeWait: d.states.TIME_WAIT ?? 0,
    established: d.states.ESTABLISHED ?? 0,
    closeWait: d.states.CLOSE_WAIT ?? 0,
    ...(d.rates ? { rates: { newPerSecond: d.rates.newPerSecond, fullInSeconds: d.rates.fullInSeconds } } : {}),
  }));
  return sortDestinations(rows, sort);
}

export function sortDestinations(rows: DestRow[], sort: DestSort): DestRow[] {
  const byAddr = (a: DestRow, b: DestRow) => a.remote.localeCompare(b.remote) || a.remotePort - b.remotePort || a.local.localeCompare(b.local);
  const key: Record<Exclude<DestSort, 'remote'>, (d: DestRow) => number> = {
    ports: (d) => d.portsInUse,
    timewait: (d) => d.timeWait,
    established: (d) => d.established,
    closewait: (d) => d.closeWait,
  };
  const out = [...rows];
  if (sort === 'remote') return out.sort(byAddr);
  const k = key[sort];
  return out.sort((a, b) => k(b) - k(a) || b.portsInUse - a.portsInUse || byAddr(a, b));
}

function problemOf(h: History, now: Sample | undefined): Problem | undefined {
  const newest = h.at(-1);
  if (isGap(newest)) {
    const when = new Date(newest.time).toISOString().slice(11, 19);
    // the error last: a narrow footer cuts the middle, and its end says why
    return { text: `no sample at ${when}Z${now ? ' (showing the last good one)' : ''}: ${newest.error}`, severe: true };
  }
  if (now && now.warnings.length > 0) return { text: now.warnings.join('; '), severe: false };
  if (now && now.unparsed.count > 0) return { text: `${now.unparsed.count} unparsed line(s)`, severe: false };
  return undefined;
}

export interface ViewOptions {
  /** how many history points a sparkline shows */
  seriesLen: number;
}

export function buildView(h: History, ui: UiState, info: HeaderInfo, o: ViewOptions): ViewModel {
  const [now, prev] = lastTwo(h);
  const total = now ? totalSockets({ states: countsOf(now, ui.family) }) : 0;
  const states = stateOrder(extraStates(now)).map((name) => stateRow(h, name, ui.family, o.seriesLen, total, now, prev));
  const dests = destRows(now, ui.family, ui.sort);
  return {
    header: {
      // --netns / --pid: the namespace watched is named, as --once names it
      info: now?.netns !== undefined && info.netns === undefined ? { ...info, netns: netnsLabel(now.netns) } : info,
      intervalMs: ui.intervalMs,
      paused: ui.paused,
      family: ui.family,
      sampleTime: now?.time,
      stale: isGap(h.at(-1)),
      breakdownAge: now?.breakdownTime !== undefined ? Math.max(0, Math.round((now.time - now.breakdownTime) / 1000)) : undefined,
      source: now?.source,
    },
    states,
    total: stateRow(h, 'TOTAL', ui.family, o.seriesLen, total, now, prev),
    gauges: gauges(
      now,
      h.rate((x) => x.counters.TcpExt.TCPTimeWaitOverflow),
    ),
    rates: rates(h),
    destinations: dests,
    destinationCount: now?.destinationCount ?? 0,
    sort: ui.sort,
    problem: problemOf(h, now),
  };
}
