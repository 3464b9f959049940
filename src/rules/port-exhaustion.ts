import { joinHostPort } from '../addr.js';
import { percent, thousands } from '../format.js';
import type { Destination, Limits } from '../types.js';
import { levelOf, pct, type Finding, type RuleInput } from './rule.js';

export const HOST_WIDE = 'all destinations';

export function destinationName(d: Pick<Destination, 'local' | 'remote' | 'remotePort'>): string {
  return `${d.local} -> ${joinHostPort(d.remote, d.remotePort)}`;
}

function rangeText(l: Limits): string {
  const r = l.ip_local_port_range;
  return r ? `${r[0]}-${r[1]}` : 'unknown';
}

/** The fix for one destination, with its own numbers: what limits it and what widens it. */
export function destinationRemedy(d: Destination, l: Limits): string {
  const usable = l.ephemeral_ports ?? 0;
  const tw = d.states.TIME_WAIT ?? 0;
  const secs = l.time_wait_seconds ?? 60;
  const reuse = l.tcp_tw_reuse;
  const reuseText =
    reuse === 1
      ? 'tcp_tw_reuse is already 1'
      : `set net.ipv4.tcp_tw_reuse=1 on this client (now ${reuse ?? 'unknown'}${reuse === 2 ? ': loopback only' : ''}; needs tcp_timestamps)`;
  return [
    `Toward ${joinHostPort(d.remote, d.remotePort)} from ${d.local}: ${thousands(usable)} ports / ${secs} s TIME_WAIT = ~${thousands(Math.floor(usable / secs))} new connections/s at most${tw > 0 ? `; ${thousands(tw)} ports sit in TIME_WAIT` : ''}.`,
    'Reuse connections (keep-alive pool to this upstream);',
    'add 4-tuples: more upstream ports or IPs, or more local source IPs (with IP_BIND_ADDRESS_NO_PORT);',
    `widen net.ipv4.ip_local_port_range (now ${rangeText(l)}, e.g. 10000 65535 with service ports in ip_local_reserved_ports);`,
    `${reuseText}.`,
  ].join(' ');
}

/**
 * Ephemeral ports held toward each destination (local IP, remote IP, remote port) against the
 * usable range: a connect() needs a free 4-tuple, so one busy destination runs out alone.
 * Host-wide: distinct ports held by any outgoing socket (bind() before connect() needs one of
 * these free for every destination); reported only when spread over several destinations.
 */
export function portExhaustion(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const usable = s.limits.ephemeral_ports;
  if (usable === undefined || usable <= 0) return [];
  const out: Finding[] = [];
  for (const d of s.destinations) {
    const subject = destinationName(d);
    out.push({
      rule: 'port_exhaustion',
      subject,
      level: levelOf(pct(d.portsInUse, usable), c.port_exhaustion, input.was('port_exhaustion', subject), c.hysteresis),
      value: d.portsInUse,
      limit: usable,
      message: `${subject}: ${thousands(d.portsInUse)} of ${thousands(usable)} ports (${percent(d.portsInUse, usable)})`,
      remedy: destinationRemedy(d, s.limits),
      fromBreakdown: true,
    });
  }
  const host = s.portsInUseHost;
  const busiest = s.destinations[0]?.portsInUse ?? 0;
  if (host !== undefined && host > busiest) {
    out.push({
      rule: 'port_exhaustion',
      subject: HOST_WIDE,
      level: levelOf(pct(host, usable), c.port_exhaustion, input.was('port_exhaustion', HOST_WIDE), c.hysteresis),
      value: host,
      limit: usable,
      message: `${thousands(host)} of ${thousands(usable)} ephemeral ports held host-wide (${percent(host, usable)}), over ${thousands(s.destinationCount)} destinations`,
      fromBreakdown: true,
      remedy: `connect() may still reuse a port toward another destination, but bind() before connect() and bind(0) need a port free for all: set IP_BIND_ADDRESS_NO_PORT before bind(), reuse connections, widen net.ipv4.ip_local_port_range (now ${rangeText(s.limits)}).`,
    });
  }
  return out;
}
