/** The one-line panels: the header, the footer, and the history chart's title. */
import { CHART_STATES, chartSpan, type ChartData } from '../chart-model.js';
import type { FamilyFilter, Problem } from '../model.js';
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
  return headerLine(p.vm.header, p.layout.header.width, p.theme);
}

/** The header of the usual screen, or (--all-netns) of the namespaces list or the one opened from it. */
export function headerLine(h: PanelInput['vm']['header'], w: number, theme: Theme): string {
  const state = h.paused ? 'PAUSED' : h.info.replay ? 'REPLAY' : 'LIVE';
  const pieces = [
    { text: 'tcpwatch', keep: 3 },
    { text: clean(h.info.host), keep: 8 },
    ...(h.info.netns !== undefined ? [{ text: clean(h.info.netns), keep: 8.5 }] : []),
    { text: `kernel ${clean(h.info.kernel)}`, keep: 2 },
    // sock_diag reads no file: /proc would name what was not read
    { text: h.source === 'sock_diag' ? 'sock_diag' : clean(h.info.root), keep: 4 },
    // a round takes longer than --max-cpu allows per interval: say how far apart they really are
    { text: h.pacedMs !== undefined ? `every ${h.intervalMs / 1000}s, rounds ${Number((h.pacedMs / 1000).toFixed(h.pacedMs < 10_000 ? 1 : 0))}s (--max-cpu)` : `every ${h.intervalMs / 1000}s`, keep: 7 },
    { text: state, keep: 10 },
    { text: sampleText(h.sampleTime, h.stale), keep: 9 },
    { text: FAMILY_NAME[h.family], keep: h.family === 'all' ? 1 : 6 },
  ];
  if (h.breakdownAge !== undefined) pieces.push({ text: `breakdown ${h.breakdownAge}s old`, keep: 5 });
  const kept = fitPieces(pieces, w);
  const line = fit(kept.join('  '), w);
  // the live/paused word stands out so a frozen screen is never mistaken for a quiet one
  const at = line.indexOf(`  ${state}`) + 2;
  if (at < 2) return tag(theme, 'focus', line);
  return `${tag(theme, 'focus', line.slice(0, at))}${tag(theme, h.paused ? 'warning' : 'focus', line.slice(at, at + state.length))}${tag(theme, 'focus', line.slice(at + state.length))}`;
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
/** --all-netns: N goes back to the namespaces list. */
const NETNS_HINT = { text: 'N namespaces', keep: 9 };
/** The namespaces list's own keys, then those that work there too. */
export const NETNS_LIST_HINTS = [
  { text: 'q quit', keep: 10 },
  { text: 'Up/Down select', keep: 9 },
  { text: 'Enter open', keep: 9 },
  { text: 'N back', keep: 7 },
  { text: 'p pause', keep: 6 },
  { text: '+/- interval', keep: 3 },
  { text: '? help', keep: 10 },
];

export function footer(p: PanelInput): string {
  return footerLine({ note: p.ui.note, notice: p.notice, problem: p.vm.problem }, p.layout.footer.width, p.theme, p.netns === true ? [...KEY_HINTS.slice(0, -1), NETNS_HINT, ...KEY_HINTS.slice(-1)] : KEY_HINTS);
}

/** The footer: a note, a notice or a problem, else the key hints that fit. */
export function footerLine(f: { note: string | undefined; notice: string | undefined; problem: Problem | undefined }, w: number, theme: Theme, hints: ReadonlyArray<{ text: string; keep: number }>): string {
  const hint = '? help';
  const { problem } = f;
  // a failed tick outranks the answer to a key; a partial read does not
  if (f.note && !problem?.severe) return tag(theme, 'title', fit(f.note, w));
  if (f.notice && !problem?.severe) return `${tag(theme, 'warning', fitMiddle(clean(f.notice), w - hint.length - 1))} ${hint}`;
  // cut in the middle: the start says what failed, the end says why (e.g. "not found")
  if (problem) return `${tag(theme, problem.severe ? 'critical' : 'warning', fitMiddle(clean(problem.text), w - hint.length - 1))} ${hint}`;
  return fit(fitPieces([...hints], w).join('  '), w);
}

/** The history chart's title row: each state in its line's colour (the legend), then the span. */
export function chartHeading(d: ChartData, width: number, t: Theme): string {
  const legend = CHART_STATES.map((s) => (t.color ? `{${s.color}-fg}━ ${s.state}{/${s.color}-fg}` : s.state)).join('  ');
  const plainLen = 8 + CHART_STATES.reduce((n, s) => n + s.state.length + 4, 0);
  return `${tag(t, 'title', 'HISTORY')}  ${legend}  ${tag(t, undefined, fit(chartSpan(d), Math.max(0, width - plainLen)))}`;
}
