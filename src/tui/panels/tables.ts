/** The two tables: sockets per state (with their history) and the destinations. */
import { joinHostPort } from '../../addr.js';
import { thousands } from '../../format.js';
import { rateCells } from '../../rates.js';
import type { DestSort, StateRow } from '../model.js';
import { sparkline } from '../sparkline.js';
import { clean, fit, fitMiddle, tag, type Tone } from '../text.js';
import type { PanelInput } from './input.js';
import { clampScroll, type Scrolled } from './scrolled.js';
import { deltaText } from './values.js';

const SORT_NAME: Record<DestSort, string> = {
  ports: 'ports in use',
  timewait: 'TIME_WAIT',
  established: 'ESTABLISHED',
  closewait: 'CLOSE_WAIT',
  remote: 'remote address',
};

function stateLine(p: PanelInput, r: StateRow, tone: Tone | undefined): string {
  const c = p.layout.stateCols;
  const count = r.count === undefined ? '-' : thousands(r.count);
  const share = r.share === undefined ? '-' : `${(r.share * 100).toFixed(1)}%`;
  const text = [fit(r.state, c.state), fit(count, c.count, true), fit(deltaText(r.perSec), c.perSec, true), fit(share, c.share, true)].join(' ');
  const spark = c.spark > 0 ? ` ${sparkline(r.series, c.spark, p.theme.ascii)}` : '';
  return `${tag(p.theme, tone, text)}${tag(p.theme, 'accent', spark)}`;
}

export function states(p: PanelInput): string {
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

export function destinations(p: PanelInput): Scrolled {
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
    ...(c.newPerS > 0 ? [fit('NEW/S', c.newPerS, true), fit('FULL IN', c.fullIn, true)] : []),
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
      ...(c.newPerS > 0 ? rateCells(d.rates).map((t, i) => fit(t, i === 0 ? c.newPerS : c.fullIn, true)) : []),
    ].join(' ');
    lines.push(tag(p.theme, undefined, fit(line, width)));
  }
  return { text: lines.slice(0, height).join('\n'), first };
}
