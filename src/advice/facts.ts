/**
 * The fixed part of the advice: what TIME_WAIT is for, what works, and the tuning myths.
 * Every statement is sourced in docs/kernel-facts.md (sections 3 and 4); keep them in step.
 */

export interface Fact {
  text: string;
  /** where it is written down (kernel source, docs, RFC), as cited in docs/kernel-facts.md */
  source: string;
}

export const TIME_WAIT_FACTS: Fact[] = [
  {
    text: "TIME_WAIT keeps a closed connection's 4-tuple for 2*MSL so that delayed duplicate segments cannot corrupt a new connection on the same 4-tuple, and so that a lost final ACK can be sent again to a peer still in LAST_ACK.",
    source: 'RFC 793 section 3.5',
  },
  {
    text: 'Linux fixes it at 60 s; no sysctl changes it. It lands on whichever side closes first.',
    source: 'include/net/tcp.h TCP_TIMEWAIT_LEN (60*HZ)',
  },
  {
    text: 'One destination (local IP, remote IP, remote port) can hold at most the usable ephemeral ports, busy or in TIME_WAIT: with the default 32768-60999 that is 28,232 ports / 60 s = ~470 new connections/s.',
    source: 'net/ipv4/inet_hashtables.c __inet_hash_connect; Documentation/networking/ip-sysctl.rst ip_local_port_range',
  },
];

export interface Remedy {
  name: string;
  text: string;
  source: string;
}

export const REMEDIES: Remedy[] = [
  { name: 'connection reuse', text: 'Keep-alive / pooled connections to upstreams: no new 4-tuple, no TIME_WAIT per request. The biggest lever.', source: 'vincent.bernat.ch 2014-tcp-time-wait-state-linux' },
  {
    name: 'more 4-tuples',
    text: 'More upstream ports or IPs, or more local source addresses; with bind() before connect() set IP_BIND_ADDRESS_NO_PORT (Linux 4.2) so the port is chosen per destination at connect().',
    source: 'man IP_BIND_ADDRESS_NO_PORT(2const), Linux 4.2 commit 90c337da1524',
  },
  {
    name: 'wider ip_local_port_range',
    text: 'E.g. 10000 65535 (start and end of different parity), with service ports listed in ip_local_reserved_ports.',
    source: 'ip-sysctl.rst ip_local_port_range, ip_local_reserved_ports; commit 07f4c90062f8',
  },
  {
    name: 'tcp_tw_reuse=1 on clients',
    text: 'Lets an outgoing connect() reuse a TIME_WAIT port once it is about 1 s old (tcp_tw_reuse_delay, 6.14+); needs tcp_timestamps on both ends. It never affects incoming connections. Default 2 (since 4.19) = loopback only.',
    source: 'ip-sysctl.rst tcp_tw_reuse, tcp_tw_reuse_delay; net/ipv4/tcp_ipv4.c tcp_twsk_unique; commit 79e9fed46038',
  },
  { name: 'raise tcp_max_tw_buckets', text: 'Raise it (never lower it) when TCPTimeWaitOverflow grows; a timewait socket is small.', source: 'ip-sysctl.rst tcp_max_tw_buckets; net/ipv4/tcp_minisocks.c tcp_time_wait' },
];

export interface Myth {
  name: string;
  claim: string;
  truth: string;
  source: string;
}

export const MYTHS: Myth[] = [
  {
    name: 'tcp_tw_recycle',
    claim: 'tcp_tw_recycle=1 recycles TIME_WAIT sockets quickly',
    truth: 'Removed in Linux 4.12. It dropped SYNs from clients behind NAT (per-host timestamp check), and since 4.10 randomized timestamp offsets broke it for everyone. Delete it from sysctl.conf.',
    source: 'commit 4396e46187ca (removed in 4.12); commit 95a22caee396 (4.10 timestamp offsets)',
  },
  {
    name: 'tcp_fin_timeout',
    claim: 'tcp_fin_timeout=30 shortens TIME_WAIT',
    truth: 'It sets the lifetime of orphaned FIN_WAIT2 sockets only. TIME_WAIT stays 60 s whatever it is set to.',
    source: 'ip-sysctl.rst tcp_fin_timeout; include/net/tcp.h TCP_TIMEWAIT_LEN',
  },
  {
    name: 'tcp_max_tw_buckets',
    claim: 'a low tcp_max_tw_buckets (e.g. 5000) gets rid of TIME_WAIT',
    truth:
      'Past the limit the kernel destroys closing sockets without TIME_WAIT: the very hazard TIME_WAIT prevents, with only the TCPTimeWaitOverflow counter as trace (6.x logs nothing). ip-sysctl.rst: "you _must_ not lower the limit artificially".',
    source: 'ip-sysctl.rst tcp_max_tw_buckets; net/ipv4/tcp_minisocks.c (LINUX_MIB_TCPTIMEWAITOVERFLOW)',
  },
  {
    name: 'ip_local_port_range',
    claim: 'ip_local_port_range=1024 65000 gives the most ports',
    truth:
      'Same-parity ends degrade the connect()/bind() split (the kernel logs "prefer different parity"), and outgoing connections then take service ports 1024-32767 (3306, 5432, 6379, 8080 ...) so a later bind() of them fails.',
    source: 'ip-sysctl.rst ip_local_port_range; commit 07f4c90062f8 (parity split, 4.2)',
  },
  {
    name: 'nf_conntrack_tcp_timeout_time_wait',
    claim: 'nf_conntrack_tcp_timeout_time_wait shortens TIME_WAIT',
    truth: "It is conntrack's own entry lifetime (120 s); the TCP stack's TIME_WAIT stays 60 s.",
    source: 'nf_conntrack-sysctl.rst; vincent.bernat.ch 2014-tcp-time-wait-state-linux',
  },
];

/** Windows: the same levers, set where Windows keeps them (docs/kernel-facts.md section 5). */
export const WINDOWS_REMEDIES: Remedy[] = [
  REMEDIES[0] as Remedy,
  {
    name: 'more 4-tuples',
    text: 'More upstream ports or IPs, or more local source addresses: each (local IP, remote IP, remote port) has its own set of dynamic ports.',
    source: 'vincent.bernat.ch 2014-tcp-time-wait-state-linux (the load-balancer case); MicrosoftDocs windows-itpro-docs troubleshoot-tcpip-port-exhaust.md',
  },
  {
    name: 'wider dynamic port range',
    text: 'netsh int ipv4 set dynamicport tcp start=10000 num=55536 (and ipv6 likewise: each protocol and family has its own range; at least 255 ports, start 1025 or above). The default since Vista / 2008 is 49152 + 16,384.',
    source: 'KB 929851 (MicrosoftDocs/SupportArticles-docs default-dynamic-port-range-tcpip-chang.md)',
  },
  {
    name: 'TcpTimedWaitDelay',
    text: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters, REG_DWORD seconds, 30-300: how long TIME_WAIT lasts. Shorter frees ports sooner but gives up part of the protection TIME_WAIT exists for; prefer reuse and more ports first.',
    source: 'KB 314053; MicrosoftDocs windows-itpro-docs troubleshoot-tcpip-port-exhaust.md',
  },
];

export const WINDOWS_MYTHS: Myth[] = [
  {
    name: 'MaxUserPort',
    claim: 'MaxUserPort=65534 in the registry gives more ephemeral ports',
    truth: 'That is the pre-Vista mechanism (ports 1025-5000 then). Since Vista / Server 2008 the range is the dynamic port range, set with netsh int ipv4 set dynamicport.',
    source: 'KB 929851 (MicrosoftDocs/SupportArticles-docs default-dynamic-port-range-tcpip-chang.md)',
  },
];

/** macOS and FreeBSD (docs/kernel-facts.md section 6). */
export const DARWIN_REMEDIES: Remedy[] = [
  REMEDIES[0] as Remedy,
  WINDOWS_REMEDIES[1] as Remedy,
  {
    name: 'wider port range',
    text: 'sysctl net.inet.ip.portrange.first=10000 (macOS starts at 49152, FreeBSD at 10000; the end is net.inet.ip.portrange.last, 65535).',
    source: 'xnu bsd/netinet/in_pcb.c ipport_firstauto; freebsd-src sys/netinet/in_pcb.c',
  },
  {
    name: 'net.inet.tcp.msl',
    text: 'TIME_WAIT lasts 2 x MSL (macOS: MSL 15 s, so 30 s; FreeBSD 60 s). Lowering it gives up part of the protection TIME_WAIT exists for; prefer reuse and more ports first.',
    source: 'xnu bsd/netinet/tcp_timer.h TCPTV_MSL, add_to_time_wait(tp, 2 * tcp_msl)',
  },
];

/** Where each Linux sysctl the advice and `lint` judge is documented: the citation and a public URL. */
export interface SysctlDoc {
  source: string;
  url: string;
}

const IP_SYSCTL = 'https://docs.kernel.org/networking/ip-sysctl.html';
const NET_CORE = 'https://docs.kernel.org/admin-guide/sysctl/net.html';
const commit = (sha: string) => `https://github.com/torvalds/linux/commit/${sha}`;

export const SYSCTL_DOCS: Record<string, SysctlDoc> = {
  'net.ipv4.tcp_max_tw_buckets': { source: 'ip-sysctl.rst tcp_max_tw_buckets ("you _must_ not lower the limit artificially"); net/ipv4/tcp_minisocks.c', url: IP_SYSCTL },
  'net.ipv4.tcp_tw_recycle': { source: 'commit 4396e46187ca (removed in 4.12); commit 95a22caee396', url: commit('4396e46187ca') },
  'net.ipv4.tcp_tw_reuse': { source: 'ip-sysctl.rst tcp_tw_reuse; net/ipv4/tcp_ipv4.c tcp_twsk_unique; commit 79e9fed46038 (default 2, 4.19)', url: IP_SYSCTL },
  'net.ipv4.tcp_tw_reuse_delay': { source: 'ip-sysctl.rst tcp_tw_reuse_delay (1-60000 ms)', url: IP_SYSCTL },
  'net.ipv4.tcp_timestamps': { source: 'ip-sysctl.rst tcp_timestamps, tcp_tw_reuse', url: IP_SYSCTL },
  'net.ipv4.tcp_fin_timeout': { source: 'ip-sysctl.rst tcp_fin_timeout; include/net/tcp.h TCP_TIMEWAIT_LEN', url: IP_SYSCTL },
  'net.ipv4.ip_local_port_range': { source: 'ip-sysctl.rst ip_local_port_range; commit 07f4c90062f8 (parity split, 4.2)', url: IP_SYSCTL },
  'net.ipv4.ip_local_reserved_ports': { source: 'ip-sysctl.rst ip_local_reserved_ports', url: IP_SYSCTL },
  'net.core.somaxconn': { source: 'Documentation/admin-guide/sysctl/net.rst somaxconn (4096 since 5.4)', url: NET_CORE },
  'net.core.netdev_max_backlog': { source: 'Documentation/admin-guide/sysctl/net.rst netdev_max_backlog', url: NET_CORE },
  'net.ipv4.tcp_syncookies': { source: 'ip-sysctl.rst tcp_syncookies', url: IP_SYSCTL },
  'net.ipv4.tcp_max_syn_backlog': { source: 'ip-sysctl.rst tcp_max_syn_backlog', url: IP_SYSCTL },
  'net.ipv4.tcp_max_orphans': { source: 'ip-sysctl.rst tcp_max_orphans ("you _must_ not rely on this or lower the limit artificially")', url: IP_SYSCTL },
  'net.ipv4.tcp_syn_retries': { source: 'ip-sysctl.rst tcp_syn_retries (default 6, at most 127)', url: IP_SYSCTL },
  'net.ipv4.tcp_synack_retries': { source: 'ip-sysctl.rst tcp_synack_retries (default 5)', url: IP_SYSCTL },
  'net.ipv4.tcp_keepalive_time': { source: 'ip-sysctl.rst tcp_keepalive_time (default 7200 s); man 7 tcp SO_KEEPALIVE', url: IP_SYSCTL },
  'net.ipv4.tcp_mem': { source: 'ip-sysctl.rst tcp_mem (min, pressure, max, in pages)', url: IP_SYSCTL },
  'net.ipv4.tcp_rmem': { source: 'ip-sysctl.rst tcp_rmem (min, default, max, in bytes)', url: IP_SYSCTL },
  'net.ipv4.tcp_wmem': { source: 'ip-sysctl.rst tcp_wmem (min, default, max, in bytes)', url: IP_SYSCTL },
  'net.ipv4.conf.*.rp_filter': { source: 'ip-sysctl.rst rp_filter (RFC 3704; the higher of conf/all and conf/IFACE applies)', url: IP_SYSCTL },
  'net.netfilter.nf_conntrack_tcp_timeout_time_wait': { source: 'nf_conntrack-sysctl.rst; vincent.bernat.ch 2014-tcp-time-wait-state-linux', url: 'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux' },
};

/** How `sysctl -p` and `sysctl --system` read their files (procps-ng src/sysctl.c). */
export const PROCPS_SYSCTL_URL = 'https://gitlab.com/procps-ng/procps/-/blob/master/src/sysctl.c';

/** Sentences the advisor (settings in force) and `lint` (settings in files) both say. */
export const SETTING_NOTES = {
  twReuseOff: 'Off: outgoing connect() never reuses a TIME_WAIT port. On a client or proxy making many outgoing connections, set 1.',
  twReuseOn: 'On for outgoing connections (connect() may reuse a TIME_WAIT port about 1 s old). It never affects incoming connections.',
  twReuseLoopback: 'Loopback only (the default since 4.19). A proxy making many outgoing connections to other hosts may set 1.',
  twReuseNeedsTimestamps: 'But tcp_timestamps=0: reuse needs timestamps, so it cannot work.',
  timestampsOff: 'Off: tcp_tw_reuse cannot reuse TIME_WAIT ports without timestamps, and PAWS protection is lost. 1 is the default.',
  syncookiesOff: 'Off: a full SYN queue drops SYNs instead of answering with cookies. 1 is the default.',
  twRecycleOn: 'ON: drops SYNs from clients behind NAT (and from everyone on 4.10-4.11 with randomized timestamps). Set it to 0; it was removed in 4.12.',
  sameParity: 'start and end have the same parity (the kernel logs "prefer different parity": it searches one parity for connect() and the other for bind(0), and that split degrades)',
  servicePorts: (ports: number[]) => `outgoing connections can take service ports ${ports.join(', ')} (reserve them in ip_local_reserved_ports or start at 10000 or above)`,
} as const;
