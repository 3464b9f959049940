/** View model + geometry -> the text of every panel (blessed tags for tone). Pure. */
import { joinHostPort } from '../addr.js';
import { percent, thousands } from '../format.js';
import type { AlertLevel } from '../types.js';
import { worstLevel, type AlertEvent, type AlertLog } from './alert-log.js';
import { CHART_STATES, chartSpan, type ChartData } from './chart-model.js';
import type { Layout, Rect } from './layout.js';
import type { DestSort, FamilyFilter, FocusPanel, GaugeModel, RateModel, StateRow, UiState, ViewModel } from './model.js';
import { sparkline } from './sparkline.js';
import { clean, escapeTags, fit, fitMiddle, tag, type Theme, type Tone } from './text.js';

export interface PanelText {
  header: string;
  strip: string;
  states: string;
  side: string;
  destinations: string;
  advisor: string | undefined;
  alertLog: string | undefined;
  footer: string;
  help: string | undefined;
  /** instead of the panels, on a terminal below the minimum size */
  small: string | undefined;
  /** the first row each shown scrollable panel starts at: the caller keeps it, so a key never scrolls past the end */
  scroll: Partial<Record<FocusPanel, number>>;
}

export interface PanelInput {
  vm: ViewModel;
  layout: Layout;
  ui: UiState;
  log: AlertLog;
  advice: readonly string[];
  theme: Theme;
  /** a message from outside the screen (e.g. a failing --on-alert hook), shown for a while */
  notice?: string | undefined;
}

const FAMILY_NAME: Record<FamilyFilter, string> = { all: 'IPv4+IPv6', ipv4: 'IPv4 only', ipv6: 'IPv6 only' };
const SORT_NAME: Record<DestSort, string> = {
  ports: 'ports in use',
  timewait: 'TIME_WAIT',
  established: 'ESTABLISHED',
  closewait: 'CLOSE_WAIT',
  remote: 'remote address',
};

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** "12.5", "3,400", "-" for unknown. */
export function rateText(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  return a >= 100 ? thousands(v) : a >= 10 || a === 0 ? v.toFixed(0) : v.toFixed(1);
}

/** Change per second with a sign: "+12", "-0.5", "0". */
export function deltaText(v: number | undefined): string {
  const t = rateText(v);
  // no sign on what rounds to zero ("0.0", not "+0.0")
  return v !== undefined && v > 0 && /[1-9]/.test(t) ? `+${t}` : t;
}

function toneOfRatio(r: number | undefined): Tone | undefined {
  if (r === undefined) return undefined;
  return r >= 0.9 ? 'critical' : r >= 0.7 ? 'warning' : 'ok';
}

function toneOfLevel(l: AlertLevel): Tone | undefined {
  return l === 'critical' ? 'critical' : l === 'warning' ? 'warning' : undefined;
}

/** Joins pieces with two spaces, dropping the least important ones until the line fits. */
function fitPieces(pieces: Array<{ text: string; keep: number }>, width: number): string[] {
  let kept = [...pieces];
  const len = () => kept.reduce((n, p) => n + p.text.length + 2, 0) - 2;
  while (kept.length > 1 && len() > width) {
    const least = kept.reduce((m, p) => (p.keep < m.keep ? p : m));
    kept = kept.filter((p) => p !== least);
  }
  return kept.map((p) => p.text);
}

function sampleText(time: number | undefined, stale: boolean): string {
  if (time === undefined) return stale ? 'no sample yet' : 'waiting for first sample';
  return stale ? `STALE, last good ${hhmmss(time)}Z` : `at ${hhmmss(time)}Z`;
}

function header(p: PanelInput): string {
  const h = p.vm.header;
  const w = p.layout.header.width;
  const state = h.paused ? 'PAUSED' : h.info.replay ? 'REPLAY' : 'LIVE';
  const pieces = [
    { text: 'tcpwatch', keep: 3 },
    { text: clean(h.info.host), keep: 8 },
    { text: `kernel ${clean(h.info.kernel)}`, keep: 2 },
    { text: clean(h.info.root), keep: 4 },
    { text: `every ${h.intervalMs / 1000}s`, keep: 7 },
    { text: state, keep: 10 },
    { text: sampleText(h.sampleTime, h.stale), keep: 9 },
    { text: FAMILY_NAME[h.family], keep: h.family === 'all' ? 1 : 6 },
  ];
  if (h.breakdownAge !== undefined) pieces.push({ text: `breakdown ${h.breakdownAge}s old`, keep: 5 });
  const kept = fitPieces(pieces, w);
  const line = fit(kept.join('  '), w);
  // the live/paused word stands out so a frozen screen is never mistaken for a quiet one
  const at = line.indexOf(`  ${state}`) + 2;
  if (at < 2) return tag(p.theme, 'focus', line);
  return `${tag(p.theme, 'focus', line.slice(0, at))}${tag(p.theme, h.paused ? 'warning' : 'focus', line.slice(at, at + state.length))}${tag(p.theme, 'focus', line.slice(at + state.length))}`;
}

function eventText(e: AlertEvent): string {
  const subject = e.subject ? ` [${e.subject}]` : '';
  return `${hhmmss(e.time)} ${e.kind.toUpperCase()} ${e.level.toUpperCase()} ${e.rule}${subject}: ${e.message}`;
}

function strip(p: PanelInput): string {
  const w = p.layout.strip.width;
  const worst = worstLevel(p.log);
  const active = [...p.log.active.values()].sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  if (active.length === 0) {
    const last = p.log.events[p.log.events.length - 1];
    return fit(`ALERTS none${last ? `  (last: ${clean(eventText(last))})` : ''}`, w);
  }
  const first = active[0];
  // the count before the message: a long message is cut at the right edge
  const head = `ALERTS ${worst.toUpperCase()}${active.length > 1 ? ` (${active.length} active)` : ''}`;
  const rest = fit(` ${first ? clean(`${first.rule}${first.subject ? ` [${first.subject}]` : ''}: ${first.message}`) : ''}`, Math.max(0, w - head.length));
  return `${tag(p.theme, toneOfLevel(worst), head)}${tag(p.theme, undefined, rest)}`;
}

function stateLine(p: PanelInput, r: StateRow, tone: Tone | undefined): string {
  const c = p.layout.stateCols;
  const count = r.count === undefined ? '-' : thousands(r.count);
  const share = r.share === undefined ? '-' : `${(r.share * 100).toFixed(1)}%`;
  const text = [fit(r.state, c.state), fit(count, c.count, true), fit(deltaText(r.perSec), c.perSec, true), fit(share, c.share, true)].join(' ');
  const spark = c.spark > 0 ? ` ${sparkline(r.series, c.spark, p.theme.ascii)}` : '';
  return `${tag(p.theme, tone, text)}${tag(p.theme, 'accent', spark)}`;
}

function states(p: PanelInput): string {
  const c = p.layout.stateCols;
  const h = p.layout.states.height;
  const head = [fit('STATE', c.state), fit('COUNT', c.count, true), fit('/s', c.perSec, true), fit('SHARE', c.share, true)].join(' ');
  const spark = c.spark > 0 ? ` ${fit('HISTORY', c.spark)}` : '';
  const lines = [tag(p.theme, 'title', head + spark)];
  const rows = p.vm.states.slice(0, Math.max(0, h - 2));
  for (const r of rows) lines.push(stateLine(p, r, r.count === 0 ? 'dim' : undefined));
  lines.push(stateLine(p, p.vm.total, 'title'));
  return lines.join('\n');
}

function bar(ratio: number, width: number, t: Theme): string {
  const inner = Math.max(0, width - 2);
  const n = Math.min(inner, Math.round(Math.min(1, Math.max(0, ratio)) * inner));
  const [on, off] = t.ascii ? ['#', '.'] : ['█', '░'];
  return `[${on.repeat(n)}${off.repeat(inner - n)}]`;
}

function gaugeLines(p: PanelInput, g: GaugeModel, width: number, compact: boolean): string[] {
  const ratio = g.used !== undefined && g.limit !== undefined && g.limit > 0 ? g.used / g.limit : undefined;
  const pct = ratio === undefined ? 'n/a' : percent(g.used ?? 0, g.limit ?? 0);
  const nums = g.used === undefined ? '-' : g.limit === undefined ? thousands(g.used) : `${thousands(g.used)}/${thousands(g.limit)}`;
  const tone = toneOfRatio(ratio);
  if (compact) return [tag(p.theme, tone, fit(`${g.label} ${nums} ${pct} ${clean(g.detail)}`, width))];
  const top = `${fit(g.label, width - pct.length - 1)} ${pct}`;
  const barWidth = Math.max(4, width - nums.length - 1);
  const second = ratio === undefined ? fit(clean(g.detail), width) : `${bar(ratio, barWidth, p.theme)} ${nums}`;
  return [tag(p.theme, 'title', fit(top, width)), tag(p.theme, tone, fit(second, width))];
}

function rateLine(r: RateModel, width: number): string {
  const v = rateText(r.perSec);
  return `${fit(r.label, width - v.length - 1)} ${v}`;
}

function side(p: PanelInput): string {
  const { width, height } = p.layout.side;
  const compact = height < 2 * p.vm.gauges.length + 3;
  const lines: string[] = [];
  for (const g of p.vm.gauges) lines.push(...gaugeLines(p, g, width, compact));
  if (compact) {
    const inline = p.vm.rates.slice(0, 4).map((r) => `${r.label} ${rateText(r.perSec)}`);
    lines.push(tag(p.theme, undefined, fit(`per s: ${inline.join(', ')}`, width)));
  } else {
    lines.push(tag(p.theme, 'title', fit('RATES per second', width)));
    for (const r of p.vm.rates.slice(0, Math.max(0, height - lines.length))) lines.push(tag(p.theme, undefined, fit(rateLine(r, width), width)));
  }
  return lines.slice(0, height).join('\n');
}

/** A scrollable panel's text and the first row it shows (after clamping). */
interface Scrolled {
  text: string;
  first: number;
}

/** First row of a scrolled list, kept so the last page stays full. */
function clampScroll(offset: number, total: number, visible: number): number {
  return Math.max(0, Math.min(offset, total - visible));
}

function destinations(p: PanelInput): Scrolled {
  const { width, height } = p.layout.destinations;
  const c = p.layout.destCols;
  const rows = p.vm.destinations;
  const visible = Math.max(0, height - 2);
  const first = clampScroll(p.ui.scroll.destinations, rows.length, visible);
  const shown = rows.slice(first, first + visible);
  const range = rows.length === 0 ? '' : `  ${first + 1}-${first + shown.length} of ${rows.length}`;
  const cut = p.vm.destinationCount > rows.length && p.vm.header.family === 'all' ? ` (busiest of ${thousands(p.vm.destinationCount)})` : '';
  const focused = p.ui.focus === 'destinations';
  const title = fit(`${focused ? '>' : ' '}DESTINATIONS by ${SORT_NAME[p.vm.sort]}${range}${cut}   s: sort`, width);
  const mark = (name: string, key: DestSort) => (p.vm.sort === key ? `${name}*` : name);
  const head = [
    ...(c.local > 0 ? [fit('LOCAL', c.local)] : []),
    fit(mark('REMOTE', 'remote'), c.remote),
    fit(mark('PORTS', 'ports'), c.ports, true),
    fit(mark('TIME_WAIT', 'timewait'), c.timeWait, true),
    fit(mark('ESTAB', 'established'), c.established, true),
    fit(mark('CLOSE_WAIT', 'closewait'), c.closeWait, true),
  ].join(' ');
  const lines = [tag(p.theme, focused ? 'focus' : 'title', title), tag(p.theme, 'title', fit(head, width))];
  if (rows.length === 0) lines.push(fit('  no outgoing connections', width));
  for (const d of shown) {
    const line = [
      ...(c.local > 0 ? [fitMiddle(clean(d.local), c.local)] : []),
      fitMiddle(clean(joinHostPort(d.remote, d.remotePort)), c.remote),
      fit(thousands(d.portsInUse), c.ports, true),
      fit(thousands(d.timeWait), c.timeWait, true),
      fit(thousands(d.established), c.established, true),
      fit(thousands(d.closeWait), c.closeWait, true),
    ].join(' ');
    lines.push(tag(p.theme, undefined, fit(line, width)));
  }
  return { text: lines.slice(0, height).join('\n'), first };
}

/** Words wrapped to `width`; long words are cut. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word.slice(0, width);
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

function scrolledPanel(p: PanelInput, r: Rect, title: string, focused: boolean, body: string[], offset: number): Scrolled {
  const visible = Math.max(0, r.height - 1);
  const first = clampScroll(offset, body.length, visible);
  const more = body.length > visible ? `  ${first + 1}-${Math.min(body.length, first + visible)} of ${body.length}` : '';
  const lines = [tag(p.theme, focused ? 'focus' : 'title', fit(`${focused ? '>' : ' '}${title}${more}`, r.width))];
  for (const b of body.slice(first, first + visible)) lines.push(b);
  return { text: lines.join('\n'), first };
}

function advisor(p: PanelInput): Scrolled | undefined {
  const r = p.layout.advisor;
  if (!r) return undefined;
  const body = p.advice.flatMap((a) => wrap(clean(a), r.width - 2).map((l) => tag(p.theme, undefined, fit(`  ${l}`, r.width))));
  return scrolledPanel(p, r, p.ui.processes ? 'PROCESSES  (P: close)' : 'ADVISOR  (a: close)', p.ui.focus === 'advisor', body, p.ui.scroll.advisor);
}

function alertLog(p: PanelInput): Scrolled | undefined {
  const r = p.layout.alertLog;
  if (!r) return undefined;
  const events = [...p.log.events].reverse();
  // each event wrapped whole (messages are long; 80 columns must still read them), continued indented
  const body =
    events.length === 0
      ? [fit('  no alerts raised or cleared yet', r.width)]
      : events.flatMap((e) => {
          const tone = e.kind === 'cleared' ? undefined : toneOfLevel(e.level);
          return wrap(clean(eventText(e)), Math.max(1, r.width - 4)).map((l, i) => tag(p.theme, tone, fit(`${i === 0 ? '  ' : '    '}${l}`, r.width)));
        });
  return scrolledPanel(p, r, 'ALERT LOG (newest first)', p.ui.focus === 'alerts', body, p.ui.scroll.alerts);
}

function footer(p: PanelInput): string {
  const w = p.layout.footer.width;
  const hint = '? help';
  const problem = p.vm.problem;
  // a failed tick outranks the answer to a key; a partial read does not
  if (p.ui.note && !problem?.severe) return tag(p.theme, 'title', fit(p.ui.note, w));
  if (p.notice && !problem?.severe) return `${tag(p.theme, 'warning', fitMiddle(clean(p.notice), w - hint.length - 1))} ${hint}`;
  // cut in the middle: the start says what failed, the end says why (e.g. "not found")
  if (problem) return `${tag(p.theme, problem.severe ? 'critical' : 'warning', fitMiddle(clean(problem.text), w - hint.length - 1))} ${hint}`;
  return fit('q quit  p pause  +/- interval  Tab focus  s sort  4/6/a family  ? help', w);
}

/** The history chart's title row: each state in its line's colour (the legend), then the span. */
export function chartHeading(d: ChartData, width: number, t: Theme): string {
  const legend = CHART_STATES.map((s) => (t.color ? `{${s.color}-fg}━ ${s.state}{/${s.color}-fg}` : s.state)).join('  ');
  const plainLen = 8 + CHART_STATES.reduce((n, s) => n + s.state.length + 4, 0);
  return `${tag(t, 'title', 'HISTORY')}  ${legend}  ${tag(t, undefined, fit(chartSpan(d), Math.max(0, width - plainLen)))}`;
}

export const HELP_LINES = [
  'tcpwatch keys',
  '',
  '  q, Ctrl-C   quit (the terminal is restored)',
  '  Ctrl-Z      suspend; fg brings it back',
  '  p, Space    pause / resume sampling',
  '  +  / -      longer / shorter interval (0.5s .. 60s)',
  '  Tab         focus: destinations, alert log, advisor',
  '  Up/Down     scroll the focused panel (PgUp/PgDn, Home)',
  '  s           sort destinations: ports in use,',
  '              TIME_WAIT, ESTABLISHED, CLOSE_WAIT, remote',
  '  4 / 6       show IPv4 only / IPv6 only',
  '  a           all families again, and show / hide the',
  '              advisor (the state table stays visible)',
  '  P           which processes hold the sockets (scans',
  '              /proc/*/fd once; P again closes)',
  '  ?           this help; any key closes it',
  '  Left/Right  replay: a sample back / on; [ ] a minute',
  'Gauges and rates are for all families: the kernel',
  'counts them together.',
];

/** Lines in an ASCII frame: box-drawing borders come out as letters on some terminals (ACS). */
function framed(lines: readonly string[]): string[] {
  const w = Math.max(...lines.map((l) => l.length)) + 2;
  const edge = `+${'-'.repeat(w)}+`;
  return [edge, ...lines.map((l) => `| ${l.padEnd(w - 2)} |`), edge];
}

const HELP_TEXT = framed(HELP_LINES);
/** Fits the smallest screen the layout accepts (60 columns). */
export const HELP_SIZE = { width: HELP_TEXT[0]?.length ?? 0, height: HELP_TEXT.length };

/** Wrapped to the width, so even a 20-column terminal shows the whole notice. */
export function smallNotice(l: Pick<Layout, 'cols' | 'rows' | 'needs'>): string {
  const text = `Too small: ${l.cols}x${l.rows}, needs ${l.needs.cols}x${l.needs.rows}. q quits.`;
  return wrap(text, Math.max(1, l.cols)).map((line) => escapeTags(line)).join('\n');
}

export function renderPanels(p: PanelInput): PanelText {
  const dest = destinations(p);
  const adv = advisor(p);
  const alerts = alertLog(p);
  return {
    header: header(p),
    strip: strip(p),
    states: states(p),
    side: side(p),
    destinations: dest.text,
    advisor: adv?.text,
    alertLog: alerts?.text,
    scroll: {
      ...(p.layout.destinations.height > 0 ? { destinations: dest.first } : {}),
      ...(adv ? { advisor: adv.first } : {}),
      ...(alerts ? { alerts: alerts.first } : {}),
    },
    footer: footer(p),
    help: p.ui.help ? HELP_TEXT.map((l, i) => tag(p.theme, i === 1 ? 'title' : undefined, l)).join('\n') : undefined,
    small: p.layout.tooSmall ? smallNotice(p.layout) : undefined,
  };
}
