/** The namespaces list (--all-netns): one row per namespace, worst first, the selected one marked. */
import { thousands } from '../../format.js';
import { containerText, netnsShortName, podText } from '../../netns-label.js';
import { alertsText, destShare, shareText, timeWaitNow, twShare } from '../../netns-rank.js';
import type { Pending } from '../../rules/engine.js';
import type { Alert } from '../../types.js';
import { netnsColumns, type Rect } from '../layout.js';
import type { NetnsListRow, NetnsView } from '../netns-view.js';
import { clean, fit, tag, type Theme, type Tone } from '../text.js';
import { wrap } from '../../wrap.js';

const LEVEL_TONE: Record<string, Tone> = { critical: 'critical', warning: 'warning' };

function toneOf(r: NetnsListRow): Tone | undefined {
  if (!('sample' in r)) return 'dim';
  const levels = r.alerts.map((a) => a.level);
  return LEVEL_TONE[levels.includes('critical') ? 'critical' : levels.includes('warning') ? 'warning' : 'ok'];
}

/** The firing alerts; where none fires, the first one the next samples may raise, with how many of the samples it needs have seen it. */
function alertsCell(alerts: readonly Alert[], pending: readonly Pending[]): string {
  const text = alertsText(alerts);
  const p = pending.find((x) => x.alert.level !== 'ok');
  // lower case and a question mark: not raised yet (the firing ones are in capitals)
  return text !== 'ok' || !p ? text : `${p.alert.level}? ${p.seen}/${p.needed} ${p.alert.rule}`;
}

/** Container and pod together: the pod where there is one (a pod's containers share its namespace). */
const ownerText = (r: NetnsListRow) => [podText(r.netns), containerText(r.netns)].filter(Boolean).join(' ');

export function namespacesPanel(v: NetnsView, rect: Rect, theme: Theme): string {
  const { width, height } = rect;
  const c = netnsColumns(width);
  // wrapped, not cut: a warning's end says what to do
  const notes = v.warnings.flatMap((w) => wrap(clean(w), Math.max(1, width - 2)).map((l, i) => `${i === 0 ? '!' : ' '} ${l}`));
  // the rows first: notes only in the room they leave
  const visible = Math.max(1, height - 2 - Math.min(notes.length, Math.max(0, height - 3 - v.rows.length)));
  const at = Math.max(
    0,
    v.rows.findIndex((r) => r.netns.inode === v.selected),
  );
  const first = at < visible ? 0 : at - visible + 1;
  const shown = v.rows.slice(first, first + visible);
  const range = v.rows.length === 0 ? '' : `  ${first + 1}-${first + shown.length} of ${v.rows.length}`;
  const title = fit(`>NETWORK NAMESPACES worst first${range}   Up/Down select  Enter open  N back`, width);
  const head = [
    fit('NETNS', c.name),
    ...(c.owner > 0 ? [fit('POD / CONTAINER', c.owner)] : []),
    fit('ESTAB', c.established, true),
    fit('TIME_WAIT', c.timeWait, true),
    fit('CLOSE_WAIT', c.closeWait, true),
    fit('TW/BKT', c.twShare, true),
    fit('DST/RNG', c.destShare, true),
    fit('ALERTS', c.alerts),
  ].join(' ');
  const lines = [tag(theme, 'focus', title), tag(theme, 'title', fit(head, width))];
  if (v.rows.length === 0) lines.push(fit(v.time === undefined ? '  waiting for the first round' : '  no network namespace could be listed', width));
  for (const r of shown) {
    const lead = [fit(`${r.netns.inode === v.selected ? '>' : ' '}${clean(netnsShortName(r.netns))}`, c.name), ...(c.owner > 0 ? [fit(clean(ownerText(r)), c.owner)] : [])];
    // no counts to show: the reason takes their room, never zeros
    const rest =
      'sample' in r
        ? [
            fit(thousands(r.sample.states.ESTABLISHED), c.established, true),
            fit(thousands(timeWaitNow(r.sample)), c.timeWait, true),
            fit(thousands(r.sample.states.CLOSE_WAIT), c.closeWait, true),
            fit(shareText(twShare(r.sample)), c.twShare, true),
            fit(shareText(destShare(r.sample)), c.destShare, true),
            fit(clean(alertsCell(r.alerts, r.pending ?? [])), c.alerts),
          ]
        : [`${fit('-', c.established, true)} unreadable: ${clean(r.error)}`];
    const line = [...lead, ...rest].join(' ');
    lines.push(tag(theme, r.netns.inode === v.selected ? 'focus' : toneOf(r), fit(line, width)));
  }
  for (const n of notes) lines.push(tag(theme, 'dim', fit(n, width)));
  return lines.slice(0, height).join('\n');
}
