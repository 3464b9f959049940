import { thousands } from '../format.js';
import { worstLevel } from '../rules/engine.js';
import type { RulesConfig } from '../rules/config.js';
import { TCP_STATES } from '../states.js';
import { timewaitSockets } from '../sample.js';
import { netnsShortName } from '../netns-label.js';
import { rankNamespaces } from '../netns-rank.js';
import type { Alert, AlertLevel, JudgedNetns, Sample } from '../types.js';
import { platformOf } from '../platform.js';

/** Monitoring-plugin exit codes (Nagios, Icinga, Sensu, Checkmk). */
export const CHECK_CODES = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;

export interface CheckResult {
  code: number;
  /** the status line, then one line per alert (the plugin "long output") */
  text: string;
}

const WORD: Record<AlertLevel, string> = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' };

/** Perfdata labels: no spaces or quotes, so no quoting is needed. */
function label(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** An absolute threshold from a percent of a limit, rounded up: the count at which the rule fires. */
function ofLimit(pctValue: number, limit: number): number {
  return Math.ceil((pctValue * limit) / 100);
}

/** `label=value;warn;crit;min;max` for the gauges the rules watch, then every state count. */
export function perfdata(s: Sample, c: RulesConfig): string {
  const out: string[] = [];
  const gauge = (name: string, value: number, limit: number | undefined, t: { warning: number; critical: number } | undefined) => {
    const th = t && limit !== undefined && limit > 0 ? `;${ofLimit(t.warning, limit)};${ofLimit(t.critical, limit)};0;${limit}` : '';
    out.push(`${name}=${value}${th}`);
  };
  const max = s.limits.tcp_max_tw_buckets;
  gauge('tw', timewaitSockets(s), max, c.tw_buckets);
  const usable = s.limits.ephemeral_ports;
  if (usable !== undefined) gauge('ports_busiest_destination', s.destinations[0]?.portsInUse ?? 0, usable, c.port_exhaustion);
  if (s.portsInUseHost !== undefined && usable !== undefined) gauge('ports_host', s.portsInUseHost, usable, c.port_exhaustion);
  out.push(`close_wait=${s.states.CLOSE_WAIT};${c.close_wait_leak.warning};${c.close_wait_leak.critical};0`);
  if (s.sockstat.orphan !== undefined) gauge('orphans', s.sockstat.orphan, s.limits.tcp_max_orphans, c.orphans);
  if (s.limits.nf_conntrack_count !== undefined) gauge('conntrack', s.limits.nf_conntrack_count, s.limits.nf_conntrack_max, c.conntrack);
  for (const [name, counter] of [
    ['tw_overflow', 'TCPTimeWaitOverflow'],
    ['listen_drops', 'ListenDrops'],
  ] as const) {
    const v = s.counters.TcpExt[counter];
    if (v !== undefined) out.push(`${name}=${v}c`);
  }
  for (const st of TCP_STATES) out.push(`state_${label(st)}=${s.states[st]}`);
  return out.join(' ');
}

function alertLine(a: Alert): string {
  return `${WORD[a.level]} ${a.rule}${a.subject !== undefined && !a.message.startsWith(a.subject) ? ` [${a.subject}]` : ''}: ${a.message}`;
}

/**
 * The plugin output for one check: `TCPWATCH LEVEL - summary | perfdata`, then one line per
 * alert, worst first. The exit code is the worst level's.
 */
export function checkReport(s: Sample, alerts: readonly Alert[], c: RulesConfig): CheckResult {
  const level = worstLevel(alerts);
  const firing = alerts.filter((a) => a.level !== 'ok');
  const first = firing[0];
  // "OK" from a check that could not see the main limits would be a silent lie; tcp_max_tw_buckets
  // is a Linux sysctl, which Windows and macOS samples never carry
  const linux = platformOf(s.source) === 'linux';
  const blind = [linux && s.limits.tcp_max_tw_buckets === undefined ? 'tcp_max_tw_buckets' : '', s.limits.ephemeral_ports === undefined ? 'ip_local_port_range' : ''].filter(Boolean);
  if (!first && blind.length > 0) {
    const why = s.warnings[0] !== undefined ? ` (${s.warnings[0]}${s.warnings.length > 1 ? `; +${s.warnings.length - 1} more` : ''})` : '';
    return { code: CHECK_CODES.unknown, text: `TCPWATCH UNKNOWN - cannot judge without ${blind.join(' and ')}${why} | ${perfdata(s, c)}\n` };
  }
  const summary = first
    ? `${first.rule}: ${first.message}${firing.length > 1 ? ` (+${firing.length - 1} more)` : ''}`
    : `${thousands(s.states.ESTABLISHED)} established, ${thousands(timewaitSockets(s))} timewait${s.limits.tcp_max_tw_buckets !== undefined ? ` of ${thousands(s.limits.tcp_max_tw_buckets)}` : ''}, ${thousands(s.states.CLOSE_WAIT)} close_wait, no limit near`;
  const lines = [`TCPWATCH ${WORD[level]} - ${summary} | ${perfdata(s, c)}`, ...firing.map(alertLine), ...s.warnings.map((w) => `note: ${w}`)];
  return { code: CHECK_CODES[level], text: `${lines.join('\n')}\n` };
}

/**
 * check --all-netns: the worst namespace decides, and the status line names it; namespaces that
 * could not be read are notes (UNKNOWN when none could be).
 */
export function checkAllNetns(entries: readonly JudgedNetns[], c: RulesConfig): CheckResult {
  const ranked = rankNamespaces(entries);
  const unreadable = ranked.filter((e) => !('sample' in e)).map((e) => `note: netns ${netnsShortName(e.netns)} unreadable: ${'error' in e ? e.error : ''}`);
  const worst = ranked.find((e) => 'sample' in e);
  if (!worst || !('sample' in worst)) return checkUnknown(`no network namespace could be read${unreadable.length > 0 ? ` (${unreadable.join('; ')})` : ''}`);
  const one = checkReport(worst.sample, worst.alerts, c);
  const read = ranked.length - unreadable.length;
  const who = `netns ${netnsShortName(worst.netns)}${worst.netns.container ? ` [${worst.netns.container.runtime} ${worst.netns.container.id}]` : ''} (worst of ${read}${unreadable.length > 0 ? ` read, ${unreadable.length} unreadable` : ''})`;
  const text = one.text.replace(/^TCPWATCH (\w+) - /, (m) => `${m}${who}: `);
  const notes = unreadable.length > 0 ? `${unreadable.join('\n')}\n` : '';
  // a problem found stands; "OK" would claim namespaces it could not see
  if (one.code !== CHECK_CODES.ok || unreadable.length === 0) return { code: one.code, text: `${text}${notes}` };
  return { code: CHECK_CODES.unknown, text: `${text.replace(/^TCPWATCH OK - /, `TCPWATCH UNKNOWN - ${unreadable.length} of ${ranked.length} network namespaces could not be read; `)}${notes}` };
}

/** UNKNOWN: the check could not look (unreadable /proc, bad flags or config). */
export function checkUnknown(message: string): CheckResult {
  return { code: CHECK_CODES.unknown, text: `TCPWATCH UNKNOWN - ${message.replace(/\n/g, ' ')}\n` };
}
