import { columns, shortTime, thousands } from '../format.js';
import { netnsShortName } from '../netns-label.js';
import { destShare, rankNamespaces, twShare } from '../netns-rank.js';
import type { JudgedNetns, NetnsInfo } from '../types.js';
import { renderTable, UNKNOWN_HERE } from './table.js';

const pct = (v: number | undefined) => (v === undefined ? '?' : `${(100 * v).toFixed(1)}%`);

/** The container column: runtime and id, or the machine's name. */
export function containerText(n: NetnsInfo): string {
  return n.container ? `${n.container.runtime} ${n.container.id}` : '';
}

/** The pod column: namespace/name where the node shows it, else its UID. */
export function podText(n: NetnsInfo): string {
  return n.pod ? (n.pod.name ?? `uid ${n.pod.uid}`) : '';
}

/** --all-netns --once: one row per namespace, worst first, then the worst one's usual report. */
export function renderNetnsTable(host: string, time: number, entries: readonly JudgedNetns[], warnings: readonly string[], top: number): string {
  const ranked = rankNamespaces(entries);
  const rows = [['NETNS', 'CONTAINER', 'POD', 'ESTAB', 'TIME_WAIT', 'CLOSE_WAIT', 'TW/BUCKETS', 'DEST/RANGE', 'ALERTS']];
  for (const e of ranked) {
    const n = e.netns;
    if (!('sample' in e)) {
      rows.push([netnsShortName(n), containerText(n), podText(n), '-', '-', '-', '-', '-', `unreadable: ${e.error}`]);
      continue;
    }
    const s = e.sample;
    const firing = e.alerts.filter((a) => a.level !== 'ok');
    const alerts = firing.length === 0 ? 'ok' : firing.map((a) => `${a.level.toUpperCase()} ${a.rule}`).join(', ');
    rows.push([netnsShortName(n), containerText(n), podText(n), thousands(s.states.ESTABLISHED), thousands(s.states.TIME_WAIT), thousands(s.states.CLOSE_WAIT), pct(twShare(s)), pct(destShare(s)), alerts]);
  }
  const out = [`tcpwatch  ${host}  ${ranked.length} network namespaces  ${shortTime(time)}`, '', ...columns(rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'])];
  if (ranked.some((e) => 'sample' in e && e.sample.netns?.limitsUnknown !== undefined)) out.push('', `? = limit ${UNKNOWN_HERE} (its sysctls could not be read)`);
  if (warnings.length > 0) out.push('', 'WARNINGS', ...warnings.map((w) => `  ${w}`));
  const worst = ranked.find((e) => 'sample' in e);
  if (worst && 'sample' in worst) out.push('', `WORST: ${netnsShortName(worst.netns)}`, '', renderTable(worst.sample, worst.alerts, { top }).trimEnd());
  return `${out.join('\n')}\n`;
}
