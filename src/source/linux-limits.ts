import { parseIntSysctl, parsePortRange, parseReservedPorts, usableEphemeralPorts } from '../parse/sysctl.js';
import type { Limits } from '../types.js';
import type { TextFiles } from './proc-files.js';

/** TIME_WAIT's length in seconds: fixed (TCP_TIMEWAIT_LEN in include/net/tcp.h), not a sysctl. */
export const TCP_TIMEWAIT_LEN = 60;

/** Integer sysctls we report, by their path under /proc/sys. */
const INT_SYSCTLS = {
  tcp_max_tw_buckets: 'net/ipv4/tcp_max_tw_buckets',
  tcp_tw_reuse: 'net/ipv4/tcp_tw_reuse',
  tcp_tw_recycle: 'net/ipv4/tcp_tw_recycle',
  tcp_fin_timeout: 'net/ipv4/tcp_fin_timeout',
  tcp_timestamps: 'net/ipv4/tcp_timestamps',
  tcp_max_orphans: 'net/ipv4/tcp_max_orphans',
  tcp_max_syn_backlog: 'net/ipv4/tcp_max_syn_backlog',
  somaxconn: 'net/core/somaxconn',
  tcp_syncookies: 'net/ipv4/tcp_syncookies',
  nf_conntrack_max: 'net/netfilter/nf_conntrack_max',
  nf_conntrack_count: 'net/netfilter/nf_conntrack_count',
  tcp_ehash_entries: 'net/ipv4/tcp_ehash_entries',
} as const satisfies Partial<Record<keyof Limits, string>>;

/**
 * Sysctls that are often absent for good reasons: tcp_max_orphans is global and missing inside a
 * network namespace, conntrack exists only when loaded, tcp_tw_recycle was removed in 4.12,
 * tcp_ehash_entries came in 6.1. Their absence is not worth a warning.
 */
const OPTIONAL = new Set<string>(['tcp_max_orphans', 'nf_conntrack_max', 'nf_conntrack_count', 'tcp_tw_recycle', 'tcp_ehash_entries']);

const rangeRel = 'sys/net/ipv4/ip_local_port_range';
const reservedRel = 'sys/net/ipv4/ip_local_reserved_ports';

/** Every file readLinuxLimits reads, under the /proc tree: what to read inside another namespace. */
export const LIMIT_FILES: readonly string[] = [rangeRel, reservedRel, ...Object.values(INT_SYSCTLS).map((rel) => `sys/${rel}`)];

/** Reads the Linux limits in force. A value that cannot be read is absent and explained in warnings. */
export async function readLinuxLimits(proc: TextFiles, warnings: string[]): Promise<Limits> {
  const unreadable = (rel: string, text: string) => warnings.push(`${proc.path(rel)}: unreadable value ${JSON.stringify(text.trim().slice(0, 40))}`);
  const [rangeText, reservedText, ...ints] = await Promise.all([
    proc.text(rangeRel, warnings),
    proc.text(reservedRel, warnings),
    ...Object.entries(INT_SYSCTLS).map(([key, rel]) => proc.text(`sys/${rel}`, warnings, OPTIONAL.has(key))),
  ]);
  // keys are set in one fixed order, whatever order the reads finished in
  const limits: Limits = {};
  Object.keys(INT_SYSCTLS).forEach((key, i) => {
    const text = ints[i];
    if (text === undefined) return;
    const v = parseIntSysctl(text);
    if (v === undefined) unreadable(`sys/${INT_SYSCTLS[key as keyof typeof INT_SYSCTLS]}`, text);
    else limits[key as keyof typeof INT_SYSCTLS] = v;
  });
  if (rangeText !== undefined) {
    const range = parsePortRange(rangeText);
    if (range) limits.ip_local_port_range = range;
    else unreadable(rangeRel, rangeText);
  }
  if (reservedText !== undefined) {
    const reserved = parseReservedPorts(reservedText);
    if (reserved) limits.ip_local_reserved_ports = reserved;
    else unreadable(reservedRel, reservedText);
  }
  if (limits.ip_local_port_range) {
    limits.ephemeral_ports = usableEphemeralPorts(limits.ip_local_port_range, limits.ip_local_reserved_ports ?? []);
  }
  limits.time_wait_seconds = TCP_TIMEWAIT_LEN;
  return limits;
}
