import { joinHostPort } from '../addr.js';
import { columns, percent, shortTime, thousands, type Align } from '../format.js';
import { BASIS_TEXT, fullInText, rateCells, rateText } from '../rates.js';
import { CONNECTS_FAIL } from '../rules/catalogue.js';
import { churnFix } from '../advice/programs.js';
import { authorText } from '../rules/port-exhaustion.js';
import { destinationName } from '../rules/usage.js';
import { timewaitParts, timewaitSockets, totalSockets } from '../sample.js';
import { TCP_STATES } from '../states.js';
import { netnsLabel } from '../netns-label.js';
import type { SortKey } from '../tally/destination-order.js';
import type { Alert, CloseWaitGroup, Destination, Sample } from '../types.js';
import { processLines } from './processes-table.js';
import { wrapLastCell, wrapLines } from '../wrap.js';

export interface TableOptions {
  /** how many destinations to list */
  top?: number;
  /** the filter the rows were counted with, as the command line gave it */
  filter?: string;
  /** the order the destinations come in (--sort) */
  order?: SortKey;
  /** a terminal's width: the prose sections (alerts and their fixes, warnings) wrapped to it; tables never */
  width?: number | undefined;
}

const ORDER_NAMES: Record<SortKey, string> = { ports: 'ports in use', time_wait: 'TIME_WAIT', close_wait: 'CLOSE_WAIT', new_per_s: 'new connections/s' };

/** The one-shot report: states, the limits that matter, top destinations, alerts. */
export function renderTable(s: Sample, alerts: Alert[], opts: TableOptions = {}): string {
  const out: string[] = [];
  const ns = s.netns ? `  ${netnsLabel(s.netns)}` : '';
  const head = `tcpwatch  ${s.host}  source ${s.source}${ns}  ${shortTime(s.time)}`;
  out.push(...wrapLines([head], opts.width));
  // the kernel's counters (sockstat, snmp) stay host-wide: say which counts are narrowed
  if (opts.filter) out.push(`only sockets matching ${opts.filter} (the limits' counters are host-wide)`);
  out.push('');
  out.push(...stateLines(s), '');
  out.push('LIMITS', ...limitLines(s, opts.width), '');
  out.push(...destinationLines(s, opts.top ?? 10, ORDER_NAMES[opts.order ?? 'ports'], opts.width));
  const authors = wrapLines(authorLines(s.destinations.slice(0, opts.top ?? 10)), opts.width);
  if (authors.length > 0) out.push('', 'WHO MAKES THEM (--processes)', ...authors);
  if (s.closeWait && s.closeWait.length > 0) out.push('', ...closeWaitLines(s.closeWait, s.processes !== undefined, s.source === 'procfs' || s.source === 'sock_diag'));
  if (s.processes) out.push('', ...processLines(s.processes));
  if (alerts.length > 0) {
    out.push('', 'ALERTS');
    for (const a of alerts) out.push(...wrapLines([`  ${a.level.toUpperCase()} ${a.rule}: ${a.message}`, `      fix: ${a.remedy}`], opts.width));
  }
  if (s.unparsed.count > 0) {
    out.push('', `UNPARSED ${thousands(s.unparsed.count)} line(s); first ones:`);
    for (const e of s.unparsed.examples) out.push(`  line ${e.line} (${e.kind}): ${e.text}`);
  }
  if (s.warnings.length > 0) {
    out.push('', 'WARNINGS');
    out.push(
      ...wrapLines(
        s.warnings.map((w) => `  ${w}`),
        opts.width,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function stateLines(s: Sample): string[] {
  const total = totalSockets(s);
  const extra = Object.keys(s.states).filter((k) => !(TCP_STATES as readonly string[]).includes(k));
  const rows = [['STATE', 'COUNT', 'SHARE', 'IPV4', 'IPV6']];
  for (const st of [...TCP_STATES, ...extra]) {
    const n = s.states[st] ?? 0;
    rows.push([st, thousands(n), percent(n, total), thousands(s.families.ipv4[st] ?? 0), thousands(s.families.ipv6[st] ?? 0)]);
  }
  const fam = (f: Record<string, number>) => Object.values(f).reduce((a, b) => a + b, 0);
  rows.push(['TOTAL', thousands(total), total > 0 ? '100.0%' : '-', thousands(fam(s.families.ipv4)), thousands(fam(s.families.ipv6))]);
  return columns(rows, ['left', 'right', 'right', 'right', 'right']);
}

/** What a limit of another namespace reads when its sysctls could not be read. */
export const UNKNOWN_HERE = 'unknown for this namespace';

function limitLines(s: Sample, width: number | undefined): string[] {
  const l = s.limits;
  const rows: string[][] = [];
  const tw = s.sockstat.tw;
  if (l.tcp_max_tw_buckets !== undefined) {
    const used = timewaitSockets(s);
    // tw also counts FIN_WAIT2 sockets (timewait mini-sockets): said when that is what it holds
    const parts = timewaitParts(s);
    const what = tw === undefined ? 'TIME_WAIT rows' : `timewait sockets (sockstat tw)${parts !== undefined ? `: ${parts}` : ''}`;
    rows.push(['TIME_WAIT vs tcp_max_tw_buckets', `${thousands(used)} of ${thousands(l.tcp_max_tw_buckets)}`, percent(used, l.tcp_max_tw_buckets), what]);
  }
  if (l.ip_local_port_range) {
    const [lo, hi] = l.ip_local_port_range;
    const reserved = l.ip_local_reserved_ports ?? [];
    const usable = l.ephemeral_ports ?? hi - lo + 1;
    const res = reserved.length === 0 ? 'none reserved' : `reserved ${reserved.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`;
    rows.push(['ephemeral ports', `${thousands(usable)} usable`, '', `ip_local_port_range ${lo}-${hi}, ${res}`]);
    const busiest = s.destinations[0];
    if (busiest) {
      rows.push(['busiest destination', `${thousands(busiest.portsInUse)} of ${thousands(usable)}`, percent(busiest.portsInUse, usable), `${busiest.local} -> ${joinHostPort(busiest.remote, busiest.remotePort)}`]);
    } else {
      rows.push(['busiest destination', '0 ports', '', 'no outgoing connections']);
    }
  }
  if (l.time_wait_seconds !== undefined) rows.push(['TIME_WAIT length', `${l.time_wait_seconds} s`, '', '']);
  if (s.rates) {
    const full = s.rates.fullInSeconds;
    const from = BASIS_TEXT[s.rates.basis];
    rows.push(['new outgoing connections', rateText(s.rates.newPerSecond), '', `${from}; ${full === null ? 'no destination fills at its rate' : `first destination full in ~${fullInText(full)}`}`]);
  }
  if (l.nf_conntrack_max !== undefined && l.nf_conntrack_count !== undefined) {
    rows.push(['conntrack entries', `${thousands(l.nf_conntrack_count)} of ${thousands(l.nf_conntrack_max)}`, percent(l.nf_conntrack_count, l.nf_conntrack_max), '']);
  }
  if (s.sockstat.orphan !== undefined) {
    const max = l.tcp_max_orphans;
    rows.push([
      'orphaned sockets',
      max !== undefined ? `${thousands(s.sockstat.orphan)} of ${thousands(max)}` : thousands(s.sockstat.orphan),
      max !== undefined ? percent(s.sockstat.orphan, max) : '',
      max !== undefined ? 'tcp_max_orphans' : 'tcp_max_orphans not visible here (global, absent in a netns)',
    ]);
  }
  const knobs = (['tcp_tw_reuse', 'tcp_fin_timeout', 'tcp_timestamps', 'tcp_syncookies', 'tcp_max_syn_backlog', 'somaxconn'] as const).filter((k) => l[k] !== undefined).map((k) => `${k}=${l[k]}`);
  if (s.netns?.limitsUnknown !== undefined) {
    // the namespace's counts against tcpwatch's own limits would be a wrong percentage
    const tw = timewaitSockets(s);
    const busiest = s.destinations[0];
    rows.push(['TIME_WAIT vs tcp_max_tw_buckets', `${thousands(tw)} of ?`, '?', UNKNOWN_HERE]);
    rows.push(['busiest destination', busiest ? `${thousands(busiest.portsInUse)} ports` : '0 ports', '?', `ip_local_port_range ${UNKNOWN_HERE}`]);
  }
  const laid = columns(rows, ['left', 'right', 'right', 'left']).map((r) => `  ${r}`);
  const lines =
    rows.length === 0
      ? ['  (no limits readable)']
      : wrapLastCell(
          laid,
          rows.map((r) => r[3] ?? ''),
          width,
        );
  if (knobs.length > 0) lines.push(...wrapLines([`  ${knobs.join('  ')}`], width));
  return lines;
}

function destinationLines(s: Sample, top: number, order: string, width: number | undefined): string[] {
  if (s.destinations.length === 0) return ['TOP DESTINATIONS  none (no outgoing connections)'];
  const more = s.destinationCount > top ? ` (${thousands(top)} of ${thousands(s.destinationCount)})` : '';
  const shown = s.destinations.slice(0, top);
  const rated = shown.some((d) => d.rates);
  const rows = [['LOCAL', 'REMOTE', 'PORTS', 'ESTAB', 'TIME_WAIT', 'CLOSE_WAIT', 'OTHER', ...(rated ? ['NEW/S', 'FULL IN'] : [])]];
  for (const d of shown) {
    const est = d.states.ESTABLISHED ?? 0;
    const tw = d.states.TIME_WAIT ?? 0;
    const cw = d.states.CLOSE_WAIT ?? 0;
    const all = Object.values(d.states).reduce<number>((a, b) => a + (b ?? 0), 0);
    rows.push([d.local, joinHostPort(d.remote, d.remotePort), thousands(d.portsInUse), thousands(est), thousands(tw), thousands(cw), thousands(all - est - tw - cw), ...(rated ? rateCells(d.rates) : [])]);
  }
  const align: Align[] = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];
  const laid = (gap: number) => columns(rows, align, gap).map((r) => `  ${r}`);
  // on a terminal too narrow for two spaces between the columns, one
  const wide = laid(2);
  const out = [`TOP DESTINATIONS by ${order}${more}`, ...(width !== undefined && wide.some((l) => l.length > width) ? laid(1) : wide)];
  const usable = s.limits.ephemeral_ports;
  for (const d of shown) if (usable !== undefined && usable > 0 && d.portsInUse >= usable) out.push(...wrapLines([`  FULL ${destinationName(d)}: ${CONNECTS_FAIL}.`], width));
  return out;
}

/** Each destination with owners: the likely author of its TIME_WAIT, and that program's fix. */
function authorLines(dests: readonly Destination[]): string[] {
  const out: string[] = [];
  for (const d of dests) {
    const who = authorText(d);
    if (!who) continue;
    out.push(`  ${destinationName(d)}: ${who}`);
    const fix = churnFix(d);
    if (fix) out.push(`      fix: ${fix.fix}`, `      source: ${fix.source}`);
  }
  return out;
}

/**
 * CLOSE_WAIT by who should close: the listener (inbound) or the remote (outbound), and the
 * processes holding them; `canAttribute`: --processes works for this source (Linux, live), so
 * where it is not used, say so (a capture or netstat has no such hint to give).
 */
function closeWaitLines(groups: readonly CloseWaitGroup[], attributed: boolean, canAttribute: boolean): string[] {
  const out = ['CLOSE_WAIT (the local application has not closed these)'];
  for (const g of groups) {
    const where = g.direction === 'inbound' ? `accepted on listener ${joinHostPort(g.address, g.port)}` : `connected to ${joinHostPort(g.address, g.port)}`;
    const who = g.processes && g.processes.length > 0 ? `held by ${g.processes.join(', ')}` : attributed ? 'owner not found' : canAttribute ? 'owner: run with --processes' : undefined;
    out.push(`  ${thousands(g.count)} ${where}${who !== undefined ? `, ${who}` : ''}`);
  }
  return out;
}
