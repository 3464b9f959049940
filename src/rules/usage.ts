import { joinHostPort } from '../addr.js';
import { timewaitSockets } from '../sample.js';
import type { Destination, Sample } from '../types.js';
import { HOST_WIDE, type RuleName } from './catalogue.js';

const ARROW = ' -> ';

/** A destination as alerts name it: `local -> remote:port`. */
export function destinationName(d: Pick<Destination, 'local' | 'remote' | 'remotePort'>): string {
  return `${d.local}${ARROW}${joinHostPort(d.remote, d.remotePort)}`;
}

/** The remote address:port of a destinationName (the subject itself when it is not one). */
export function remoteOfName(subject: string): string {
  const at = subject.indexOf(ARROW);
  return at < 0 ? subject : subject.slice(at + ARROW.length);
}

/**
 * One count measured against the kernel limit it fills: what a ratio rule compares with its
 * thresholds, and what `tcpwatch serve` exports as tcpwatch_limit_usage / tcpwatch_limit so
 * Prometheus rules compare the very same numbers.
 */
export interface LimitUsage {
  rule: RuleName;
  /** what it is about when a rule has several (a destination, all destinations) */
  subject?: string;
  used: number;
  limit: number;
}

const usage = (rule: RuleName, used: number | undefined, limit: number | undefined, subject?: string): LimitUsage | undefined =>
  used === undefined || limit === undefined || limit <= 0 ? undefined : { rule, used, limit, ...(subject !== undefined ? { subject } : {}) };

/** Timewait sockets (sockstat `tw`, which tcp_max_tw_buckets limits exactly) against that limit. */
export const twUsage = (s: Sample): LimitUsage | undefined => usage('tw_buckets', timewaitSockets(s), s.limits.tcp_max_tw_buckets);

/** Ephemeral ports held toward one destination against the usable range. */
export const destinationUsage = (s: Sample, d: Destination): LimitUsage | undefined => usage('port_exhaustion', d.portsInUse, s.limits.ephemeral_ports, destinationName(d));

/**
 * Ports held host-wide, over all destinations: only when more than the busiest destination holds
 * (spread over several), since otherwise it says what that destination's usage says.
 */
export function hostPortsUsage(s: Sample): LimitUsage | undefined {
  const host = s.portsInUseHost;
  return host !== undefined && host > (s.destinations[0]?.portsInUse ?? 0) ? usage('port_exhaustion', host, s.limits.ephemeral_ports, HOST_WIDE) : undefined;
}

/** SYN_RECV sockets against tcp_max_syn_backlog (a per-listener limit: the total is an early signal). */
export const synUsage = (s: Sample): LimitUsage | undefined => usage('syn_flood', s.states.SYN_RECV, s.limits.tcp_max_syn_backlog);

/** Orphaned sockets against tcp_max_orphans (both global; the limit is absent inside a namespace). */
export const orphansUsage = (s: Sample): LimitUsage | undefined => usage('orphans', s.sockstat.orphan, s.limits.tcp_max_orphans);

/** Conntrack entries against nf_conntrack_max, when conntrack is loaded. */
export const conntrackUsage = (s: Sample): LimitUsage | undefined => usage('conntrack', s.limits.nf_conntrack_count, s.limits.nf_conntrack_max);

/** Every limit a rule compares, the `top` busiest destinations only. */
export function limitUsages(s: Sample, top: number): LimitUsage[] {
  const all = [twUsage(s), ...s.destinations.slice(0, top).map((d) => destinationUsage(s, d)), hostPortsUsage(s), synUsage(s), orphansUsage(s), conntrackUsage(s)];
  return all.filter((u): u is LimitUsage => u !== undefined);
}
