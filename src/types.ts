import type { Rates } from './rates.js';
import type { RuleName } from './rules/catalogue.js';
import type { StateCounts, StateName } from './states.js';

export type Family = 4 | 6;

/**
 * One socket row as a parser read it. Addresses are canonical text ("127.0.0.1", "::1";
 * IPv4-mapped IPv6 is shown as IPv4). Fields a format does not carry are undefined.
 */
export interface TcpRow {
  family: Family;
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  state: StateName;
  txQueue?: number | undefined;
  rxQueue?: number | undefined;
  /** /proc timer kind: 0 none, 1 retransmit, 2 keepalive, 3 timewait, 4 zero-window probe */
  timer?: number | undefined;
  /** time left on that timer, in clock_t (1/100 s) */
  timerTicks?: number | undefined;
  retransmits?: number | undefined;
  uid?: number | undefined;
  probes?: number | undefined;
  inode?: number | undefined;
  pid?: number | undefined;
  process?: string | undefined;
}

/** Why a line could not be parsed: a stable kind tests and users can rely on, and the line itself. */
export type UnparsedKind = 'columns' | 'address' | 'port' | 'state' | 'number' | 'binary' | 'too-long';

export interface UnparsedLine {
  line: number;
  kind: UnparsedKind;
  text: string;
}

/** Lines a parser could not read: always counted, with the first few kept as examples. */
export interface Unparsed {
  count: number;
  examples: UnparsedLine[];
}

/** Kernel (or OS) limits in force. A value that could not be read is absent, never zero. */
export interface Limits {
  tcp_max_tw_buckets?: number;
  ip_local_port_range?: [number, number];
  /** ip_local_reserved_ports, as inclusive ranges */
  ip_local_reserved_ports?: Array<[number, number]>;
  /** usable ephemeral ports: the range minus the reserved ports inside it */
  ephemeral_ports?: number;
  tcp_tw_reuse?: number;
  /** present only on kernels before 4.12, which removed it */
  tcp_tw_recycle?: number;
  tcp_fin_timeout?: number;
  tcp_timestamps?: number;
  tcp_max_orphans?: number;
  tcp_max_syn_backlog?: number;
  somaxconn?: number;
  tcp_syncookies?: number;
  nf_conntrack_max?: number;
  nf_conntrack_count?: number;
  /** buckets of the TCP hash this namespace uses (Linux 6.1+); negative: it shares the host's, of that size */
  tcp_ehash_entries?: number;
  /** TIME_WAIT length in seconds (Linux: fixed 60; Windows: TcpTimedWaitDelay; BSD: 2*MSL) */
  time_wait_seconds?: number;
}

/** /proc/net/sockstat and sockstat6 TCP lines. */
export interface Sockstat {
  inuse?: number;
  orphan?: number;
  tw?: number;
  alloc?: number;
  mem?: number;
  inuse6?: number;
}

/** Monotonic kernel counters by name: snmp `Tcp:` and netstat `TcpExt:` (all fields). */
export interface Counters {
  Tcp: Record<string, number>;
  TcpExt: Record<string, number>;
}

/** Sockets toward one destination: (local address, remote address, remote port). */
export interface Destination {
  local: string;
  remote: string;
  remotePort: number;
  /** local ports held toward it (ephemeral, non-listening), any state but LISTEN */
  portsInUse: number;
  states: Partial<Record<StateName, number>>;
  /** new connections per second and when its ports run out, where the source tells (rates.ts) */
  rates?: Rates;
  /**
   * With --processes: who holds its live sockets (ESTABLISHED, SYN_SENT, CLOSE_WAIT), most first.
   * TIME_WAIT has no owner: these are its likely authors. `seenAgoS`: none held any now; these
   * held its sockets in a sample that many seconds ago (recent-owners.ts).
   */
  owners?: Array<ProcessOwner & { sockets: number; seenAgoS?: number }>;
}

/** What runs a namespace's processes, from their cgroup path: Docker, containerd, CRI-O, Podman, a systemd-machined machine. */
export interface ContainerRef {
  runtime: 'docker' | 'containerd' | 'cri-o' | 'podman' | 'machined' | 'kubepods';
  /** the container id (12 hex digits, the runtimes' short form) or the machine's name */
  id: string;
}

/** The Kubernetes pod a namespace belongs to: its UID from the kubepods cgroup path, its name where the node shows it. */
export interface PodRef {
  uid: string;
  qos?: 'besteffort' | 'burstable' | 'guaranteed';
  /** namespace/name, from the kubelet's /var/log/pods/NAMESPACE_NAME_UID */
  name?: string;
}

/** With --pid or --netns: the network namespace read. */
export interface NetnsInfo {
  /** --pid: the process whose namespace it is */
  pid?: number;
  command?: string;
  /** --netns: its /run/netns name, or the nsfs path given */
  name?: string;
  path?: string;
  /** the namespace's inode (ls -L -i /proc/PID/ns/net), when readable */
  inode?: number;
  /** whether it is tcpwatch's own namespace; unknown when unreadable */
  sameAsReader?: boolean;
  /** why its sysctls could not be read: then limits are absent (never tcpwatch's own) */
  limitsUnknown?: string;
  /** --all-netns: a few of its processes, the container and pod they run in */
  pids?: Array<{ pid: number; command?: string }>;
  container?: ContainerRef;
  pod?: PodRef;
}

/** One namespace of --all-netns: its sample, or why it could not be read (never zeros). */
export type NetnsEntry = { netns: NetnsInfo; sample: Sample } | { netns: NetnsInfo; error: string };

/** A namespace of --all-netns with the alerts its sample raised, or one that could not be read. */
export type JudgedNetns = { netns: NetnsInfo; sample: Sample; alerts: Alert[] } | { netns: NetnsInfo; error: string };

/** A process holding sockets, found by matching socket inodes with /proc/PID/fd links. */
export interface ProcessOwner {
  pid: number;
  command: string;
  /** its command line, arguments joined by spaces (tells nginx, java -jar ..., python app.py apart) */
  cmdline?: string;
}

/** With --processes: one process and the sockets it holds (LISTEN, ESTABLISHED, CLOSE_WAIT). */
export interface ProcessSockets extends ProcessOwner {
  states: Partial<Record<StateName, number>>;
  /** local ports it listens on, ascending */
  listening: number[];
}

/** With --processes: who holds the sockets toward one of the top destinations. */
export interface DestinationOwners {
  local: string;
  remote: string;
  remotePort: number;
  owners: Array<ProcessOwner & { sockets: number }>;
}

/** With --processes: socket owners, and what could not be attributed and why. */
export interface ProcessReport {
  /** most sockets first, cut to the top N */
  processes: ProcessSockets[];
  /** processes holding any of those sockets (processes may be cut) */
  processCount: number;
  destinations: DestinationOwners[];
  /** sockets in an attributed state whose owner was not found, by state */
  unowned: Partial<Record<StateName, number>>;
  /** what is missing and why: TIME_WAIT has no owner, fds not readable, time budget hit */
  notes: string[];
}

/**
 * What produced a sample: the Linux table read from /proc or through sock_diag, Windows or macOS
 * netstat, or a capture `analyze` read, by the format it was read as (`capture:ss`).
 */
export type SampleSource = 'procfs' | 'sock_diag' | 'netstat-windows' | 'netstat-darwin' | `capture:${string}`;

/** One point in time: everything after the source is a pure function of these. */
export interface Sample {
  /** ms since the epoch */
  time: number;
  host: string;
  source: SampleSource;
  states: StateCounts;
  families: { ipv4: StateCounts; ipv6: StateCounts };
  limits: Limits;
  sockstat: Sockstat;
  counters: Counters;
  /** all destinations, sorted by portsInUse, largest first */
  destinations: Destination[];
  /** distinct destinations seen (destinations may be cut to the top N) */
  destinationCount: number;
  unparsed: Unparsed;
  /** problems that did not stop the sample: a file that could not be read, and why */
  warnings: string[];
  /** sample time of the per-state breakdown, when it is older than `time` (cheap ticks) */
  breakdownTime?: number;
  /** set with --pid or --netns: everything was read from that network namespace */
  netns?: NetnsInfo;
  /** set with --processes */
  processes?: ProcessReport;
  /** distinct ephemeral local ports held by outgoing connections, all destinations together */
  portsInUseHost?: number;
  /** host-wide: new outgoing connections per second, and the soonest any destination fills */
  rates?: Rates;
  /** CLOSE_WAIT sockets grouped by who should close them, largest first */
  closeWait?: CloseWaitGroup[];
  /** bytes waiting in receive and send queues over all sockets, when the rows carry them */
  queuedBytes?: { rx: number; tx: number };
  /** kernel release (uname -r) of the machine sampled, when known */
  kernel?: string;
  /** when taken live: the monotonic clock's ms (clock.ts), for the time between samples; `time` is the label */
  mono?: number;
}

/**
 * CLOSE_WAIT sockets: the peer closed, the local application has not. Inbound ones are grouped by
 * the local listening address and port, outbound ones by the remote address and port.
 */
export interface CloseWaitGroup {
  direction: 'inbound' | 'outbound';
  address: string;
  port: number;
  count: number;
  /** owning processes, when the source shows them (ss -p, netstat -p) */
  processes?: string[];
}

export type AlertLevel = 'ok' | 'warning' | 'critical';

/** A rule's finding. `subject` names what it is about (a destination, a port) when it has one. */
export interface Alert {
  rule: RuleName;
  level: AlertLevel;
  value: number;
  limit: number;
  /** ms since the epoch when this level started */
  since: number;
  message: string;
  remedy: string;
  /** the finding's own one-line fix, when it has one more specific than its rule's */
  fix?: string;
  subject?: string;
  /** on a level change, the level before it (cleared alerts have level 'ok') */
  previous?: AlertLevel;
}
