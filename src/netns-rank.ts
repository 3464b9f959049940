import type { Alert, AlertLevel, JudgedNetns, Sample } from './types.js';
import { timewaitSockets } from './sample.js';

const LEVEL: Record<AlertLevel, number> = { ok: 0, warning: 1, critical: 2 };

/**
 * TIME_WAIT as of the sample: the table's count, or, when the table is older than the sample (a
 * tick that read the counters only), sockstat's tw read now less the table's FIN_WAIT2: tw also
 * counts orphaned FIN_WAIT2 sockets (timewait mini-sockets), which are not TIME_WAIT. Off by at
 * most the FIN_WAIT2 sockets still held open, and by the change since the table.
 */
export function timeWaitNow(s: Sample): number {
  const stale = s.breakdownTime !== undefined && s.breakdownTime < s.time;
  return stale && s.sockstat.tw !== undefined ? Math.max(0, s.sockstat.tw - s.states.FIN_WAIT2) : s.states.TIME_WAIT;
}

/** Timewait sockets over that namespace's tcp_max_tw_buckets; undefined when the limit is unknown. */
export function twShare(s: Sample): number | undefined {
  const max = s.limits.tcp_max_tw_buckets;
  return max !== undefined && max > 0 ? timewaitSockets(s) / max : undefined;
}

/** The busiest destination's ports over that namespace's usable range; undefined when the range is unknown. */
export function destShare(s: Sample): number | undefined {
  const usable = s.limits.ephemeral_ports;
  return usable !== undefined && usable > 0 ? (s.destinations[0]?.portsInUse ?? 0) / usable : undefined;
}

function key(e: JudgedNetns): [number, number, number] {
  if (!('sample' in e)) return [-1, -1, -1];
  const level = Math.max(0, ...e.alerts.map((a) => LEVEL[a.level]));
  return [level, twShare(e.sample) ?? -1, destShare(e.sample) ?? -1];
}

/** Worst first: alert level, then TIME_WAIT share of its buckets, then busiest destination share of its range; unreadable ones last. */
export function rankNamespaces(entries: readonly JudgedNetns[]): JudgedNetns[] {
  return [...entries].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (kb[i] ?? 0) - (ka[i] ?? 0);
    return (a.netns.inode ?? 0) - (b.netns.inode ?? 0);
  });
}

/** A share as the namespaces list shows it; '?' when its limit is unknown. */
export const shareText = (v: number | undefined): string => (v === undefined ? '?' : `${(100 * v).toFixed(1)}%`);

/** The alerts cell of the namespaces list: 'ok', or each firing one's level and rule. */
export function alertsText(alerts: readonly Alert[]): string {
  const firing = alerts.filter((a) => a.level !== 'ok');
  // one rule can fire twice (tw_buckets: the count and TCPTimeWaitOverflow): named once, the room is for others
  return firing.length === 0 ? 'ok' : [...new Set(firing.map((a) => `${a.level.toUpperCase()} ${a.rule}`))].join(', ');
}
