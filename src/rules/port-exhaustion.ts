import { joinHostPort } from '../addr.js';
import { percent, thousands } from '../format.js';
import type { Destination, Limits } from '../types.js';
import { CATALOGUE, HOST_WIDE, hostPortsRemedy } from './catalogue.js';
import { levelOf, pct, type Finding, type RuleInput } from './rule.js';
import { destinationName, destinationUsage, hostPortsUsage } from './usage.js';

function rangeText(l: Limits): string {
  const r = l.ip_local_port_range;
  return r ? `${r[0]}-${r[1]}` : 'unknown';
}

/** The fix for one destination, with its own numbers: what limits it and what widens it. */
export function destinationRemedy(d: Destination, l: Limits): string {
  const usable = l.ephemeral_ports ?? 0;
  const tw = d.states.TIME_WAIT ?? 0;
  const secs = l.time_wait_seconds ?? 60;
  const limit = `Toward ${joinHostPort(d.remote, d.remotePort)} from ${d.local}: ${thousands(usable)} ports / ${secs} s TIME_WAIT = ~${thousands(Math.floor(usable / secs))} new connections/s at most${tw > 0 ? `; ${thousands(tw)} ports sit in TIME_WAIT` : ''}.`;
  return `${limit} ${CATALOGUE.port_exhaustion.remedy({ range: rangeText(l), reuse: l.tcp_tw_reuse })}`;
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
    out.push({
      rule: 'port_exhaustion',
      subject,
      level: levelOf(pct(u.used, u.limit), c.port_exhaustion, input.was('port_exhaustion', subject), c.hysteresis),
      value: u.used,
      limit: u.limit,
      message: `${subject}: ${thousands(u.used)} of ${thousands(u.limit)} ports (${percent(u.used, u.limit)})`,
      remedy: destinationRemedy(d, s.limits),
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
