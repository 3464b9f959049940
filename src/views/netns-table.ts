import { columns, shortTime, thousands, type Align } from '../format.js';
import { containerText, netnsShortName, podText } from '../netns-label.js';
import { alertsText, destShare, rankNamespaces, shareText, twShare } from '../netns-rank.js';
import type { JudgedNetns } from '../types.js';
import { renderTable, UNKNOWN_HERE } from './table.js';
import { wrapLines } from '../wrap.js';

/**
 * The namespaces that could not be read, those with the same reason on one line (as another user,
 * every one says "cannot enter it ... needs root"); the reason without its "netns NAME: " lead,
 * which the names before it already say.
 */
function unreadableLines(entries: readonly JudgedNetns[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const e of entries) {
    if (!('error' in e)) continue;
    const reason = e.error.replace(/^netns \S+: /, '');
    byReason.set(reason, [...(byReason.get(reason) ?? []), netnsShortName(e.netns)]);
  }
  return [...byReason].map(([reason, names]) => `  ${names.join(', ')}: ${reason}`);
}

/** --all-netns --once: one row per namespace, worst first, then the worst one's usual report. */
export function renderNetnsTable(host: string, time: number, entries: readonly JudgedNetns[], warnings: readonly string[], top: number, width?: number): string {
  const ranked = rankNamespaces(entries);
  const rows = [['NETNS', 'CONTAINER', 'POD', 'ESTAB', 'TIME_WAIT', 'CLOSE_WAIT', 'TW/BUCKETS', 'DEST/RANGE', 'ALERTS']];
  for (const e of ranked) {
    const n = e.netns;
    if (!('sample' in e)) {
      // the reason is a sentence: below the table, where it does not widen every row
      rows.push([netnsShortName(n), containerText(n), podText(n), '-', '-', '-', '-', '-', 'unreadable']);
      continue;
    }
    const s = e.sample;
    rows.push([
      netnsShortName(n),
      containerText(n),
      podText(n),
      thousands(s.states.ESTABLISHED),
      thousands(s.states.TIME_WAIT),
      thousands(s.states.CLOSE_WAIT),
      shareText(twShare(s)),
      shareText(destShare(s)),
      alertsText(e.alerts),
    ]);
  }
  // CONTAINER and POD only where some namespace has one: on a plain host they only widen the rows
  const used = [1, 2].filter((c) => rows.slice(1).some((r) => r[c] !== ''));
  const keep = <T>(r: readonly T[]): T[] => r.filter((_v, i) => (i !== 1 && i !== 2) || used.includes(i));
  const align = keep<Align>(['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left']);
  const out = [`tcpwatch  ${host}  ${ranked.length} network namespaces  ${shortTime(time)}`, '', ...columns(rows.map(keep), align)];
  if (ranked.some((e) => 'sample' in e && e.sample.netns?.limitsUnknown !== undefined)) out.push('', `? = limit ${UNKNOWN_HERE} (its sysctls could not be read)`);
  const unreadable = unreadableLines(ranked);
  if (unreadable.length > 0) out.push('', 'UNREADABLE', ...wrapLines(unreadable, width));
  const said = warnings.map((w) => `  ${w}`);
  if (said.length > 0) out.push('', 'WARNINGS', ...wrapLines(said, width));
  const worst = ranked.find((e) => 'sample' in e);
  if (worst && 'sample' in worst) out.push('', `WORST: ${netnsShortName(worst.netns)}`, '', renderTable(worst.sample, worst.alerts, { top, width }).trimEnd());
  return `${out.join('\n')}\n`;
}
