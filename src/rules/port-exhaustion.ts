import { isLoopback, joinHostPort } from '../addr.js';
import { percent, thousands } from '../format.js';
import { churnFix } from '../advice/programs.js';
import { fullInText, rateText } from '../rates.js';
import type { AlertLevel, Destination, Limits } from '../types.js';
import { CATALOGUE, CONNECTS_FAIL, HOST_WIDE, hostPortsRemedy } from './catalogue.js';
import { levelOf, pct, type Finding, type RuleInput } from './rule.js';
import { destinationName, destinationUsage, hostPortsUsage } from './usage.js';

function rangeText(l: Limits): string {
  const r = l.ip_local_port_range;
  return r ? `${r[0]}-${r[1]}` : 'unknown';
}

/** The fix for one destination, with its own numbers: what limits it, who makes it, and what widens it. */
export function destinationRemedy(d: Destination, l: Limits): string {
  const usable = l.ephemeral_ports ?? 0;
  const tw = d.states.TIME_WAIT ?? 0;
  const secs = l.time_wait_seconds ?? 60;
  const limit = `Toward ${joinHostPort(d.remote, d.remotePort)} from ${d.local}: ${thousands(usable)} ports / ${secs} s TIME_WAIT = ~${thousands(Math.floor(usable / secs))} new connections/s at most${tw > 0 ? `; ${thousands(tw)} ports sit in TIME_WAIT` : ''}.`;
  const who = authorText(d);
  const program = churnFix(d);
  const specific = program ? ` ${program.fix} (${program.source}).` : '';
  return `${limit}${who ? ` ${who}.` : ''}${specific} ${CATALOGUE.port_exhaustion.remedy({ range: rangeText(l), reuse: l.tcp_tw_reuse, timeWait: tw, loopback: isLoopback(d.local) || isLoopback(d.remote) })}`;
}

/**
 * Who makes a destination's connections: TIME_WAIT has no owner, so the process holding its
 * ESTABLISHED and SYN_SENT sockets, now or in a recent sample, is named as the likely author (with --processes).
 */
export function authorText(d: Pick<Destination, 'owners' | 'states'>): string | undefined {
  const top = d.owners?.[0];
  if (!top) return undefined;
  const others = (d.owners?.length ?? 1) - 1;
  const who = `${top.command}[${top.pid}]${others > 0 ? ` (and ${others} more)` : ''}`;
  // from a recent sample: nobody holds its sockets now, so say when they were seen
  if (top.seenAgoS !== undefined) return `Likely author: ${who}, seen holding its live sockets ${top.seenAgoS} s ago (TIME_WAIT has no owner)`;
  return (d.states.TIME_WAIT ?? 0) > 0 ? `Likely author: ${who}, which holds its live sockets (TIME_WAIT has no owner)` : `Held by ${who}`;
}

/** A destination's own one-line fix: its program's change, when that is known (else the rule's fix stands). */
export function destinationFix(d: Destination): string | undefined {
  return churnFix(d)?.fix;
}

/** ", full in ~40 s at 470/s" when the destination's rate fills it; else its rate, when it has one. */
export function fillText(d: Pick<Destination, 'rates'>): string {
  const r = d.rates;
  if (!r || r.newPerSecond <= 0) return '';
  return r.fullInSeconds === null ? `, ${rateText(r.newPerSecond)} new, never fills at that rate` : `, full in ~${fullInText(r.fullInSeconds)} at ${rateText(r.newPerSecond)}`;
}

/**
 * Below the warning level, a destination whose ports run out within `fullIn` seconds at its rate
 * is a warning already (kept, as levels are, until it is `hysteresis` percent later than that).
 */
function predicted(level: AlertLevel, d: Destination, fullIn: number, was: AlertLevel, hysteresis: number): AlertLevel {
  const t = d.rates?.fullInSeconds;
  if (level !== 'ok' || t === null || t === undefined) return level;
  return t <= fullIn || (was !== 'ok' && t <= fullIn * (1 + hysteresis / 100)) ? 'warning' : level;
}

/**
 * Ephemeral ports held toward each destination (local IP, remote IP, remote port) against the
 * usable range: a connect() needs a free 4-tuple, so one busy destination runs out alone.
 * Host-wide: distinct ports held by any outgoing socket (bind() before connect() needs one of
 * these free for every destination); reported only when spread over several destinations.
 */
export function portExhaustion(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const out: Finding[] = [];
  for (const d of s.destinations) {
    const u = destinationUsage(s, d);
    if (!u) return [];
    const subject = u.subject ?? destinationName(d);
    const was = input.was('port_exhaustion', subject);
    const full = u.used >= u.limit;
    const fix = destinationFix(d);
    out.push({
      rule: 'port_exhaustion',
      subject,
      level: predicted(levelOf(pct(u.used, u.limit), c.port_exhaustion, was, c.hysteresis), d, c.port_exhaustion.full_in, was, c.hysteresis),
      value: u.used,
      limit: u.limit,
      message: `${subject}: ${thousands(u.used)} of ${thousands(u.limit)} ports (${percent(u.used, u.limit)})${full ? `: ${CONNECTS_FAIL}` : fillText(d)}`,
      remedy: destinationRemedy(d, s.limits),
      ...(fix !== undefined ? { fix } : {}),
      fromBreakdown: true,
    });
  }
  const host = hostPortsUsage(s);
  if (host) {
    out.push({
      rule: 'port_exhaustion',
      subject: HOST_WIDE,
      level: levelOf(pct(host.used, host.limit), c.port_exhaustion, input.was('port_exhaustion', HOST_WIDE), c.hysteresis),
      value: host.used,
      limit: host.limit,
      message: `${thousands(host.used)} of ${thousands(host.limit)} ephemeral ports held host-wide (${percent(host.used, host.limit)}), over ${thousands(s.destinationCount)} destinations`,
      fromBreakdown: true,
      remedy: hostPortsRemedy({ range: rangeText(s.limits) }),
    });
  }
  return out;
}
