/** The one-line panels: the header, the footer, and the history chart's title. */
import { CHART_STATES, chartSpan, type ChartData } from '../chart-model.js';
import type { FamilyFilter } from '../model.js';
import { clean, fit, fitMiddle, tag, type Theme } from '../text.js';
import type { PanelInput } from './input.js';
import { hhmmss } from './values.js';

const FAMILY_NAME: Record<FamilyFilter, string> = { all: 'IPv4+IPv6', ipv4: 'IPv4 only', ipv6: 'IPv6 only' };

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

export function header(p: PanelInput): string {
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

/** Key hints in the help's order; a narrow footer drops the least needed (the help has them all). */
const KEY_HINTS = [
  { text: 'q quit', keep: 10 },
  { text: 'p pause', keep: 6 },
  { text: '+/- interval', keep: 3 },
  { text: 'Tab panel', keep: 8 },
  { text: 's sort', keep: 5 },
  { text: '4/6/a IPv4/IPv6/all', keep: 7 },
  { text: 'A advisor', keep: 9 },
  { text: 'P processes', keep: 2 },
  { text: '? help', keep: 10 },
];

export function footer(p: PanelInput): string {
  const w = p.layout.footer.width;
  const hint = '? help';
  const problem = p.vm.problem;
  // a failed tick outranks the answer to a key; a partial read does not
  if (p.ui.note && !problem?.severe) return tag(p.theme, 'title', fit(p.ui.note, w));
  if (p.notice && !problem?.severe) return `${tag(p.theme, 'warning', fitMiddle(clean(p.notice), w - hint.length - 1))} ${hint}`;
  // cut in the middle: the start says what failed, the end says why (e.g. "not found")
  if (problem) return `${tag(p.theme, problem.severe ? 'critical' : 'warning', fitMiddle(clean(problem.text), w - hint.length - 1))} ${hint}`;
  return fit(fitPieces(KEY_HINTS, w).join('  '), w);
}

/** The history chart's title row: each state in its line's colour (the legend), then the span. */
export function chartHeading(d: ChartData, width: number, t: Theme): string {
  const legend = CHART_STATES.map((s) => (t.color ? `{${s.color}-fg}━ ${s.state}{/${s.color}-fg}` : s.state)).join('  ');
  const plainLen = 8 + CHART_STATES.reduce((n, s) => n + s.state.length + 4, 0);
  return `${tag(t, 'title', 'HISTORY')}  ${legend}  ${tag(t, undefined, fit(chartSpan(d), Math.max(0, width - plainLen)))}`;
}
