/**
 * The built-in rules' vocabulary, in one place: their names, their settable thresholds and
 * defaults, the fix each advises and its Prometheus counterpart. The rules, the engine, the config
 * parser, `tcpwatch rules [--prometheus]` and the views read it; a rule without an entry, or an
 * entry without a setting its thresholds have, does not compile.
 */

export type RuleName = 'tw_buckets' | 'port_exhaustion' | 'close_wait_leak' | 'listen_overflow' | 'syn_flood' | 'orphans' | 'conntrack';

export interface Levels {
  warning: number;
  critical: number;
}

/** Each rule's thresholds: a warning and a critical level, and what else the rule needs. */
export interface RuleThresholds extends Record<RuleName, Levels> {
  /** percent of tcp_max_tw_buckets held by timewait sockets (sockstat tw) */
  tw_buckets: Levels;
  /**
   * percent of the usable ephemeral ports held toward one destination (and host-wide); below the
   * warning level, a destination whose ports run out within `full_in` seconds at its rate is a warning
   */
  port_exhaustion: Levels & { full_in: number };
  /** CLOSE_WAIT sockets; `growth` more within `window_s` seconds, never falling, is a warning */
  close_wait_leak: Levels & { growth: number; window_s: number };
  /** ListenDrops (accept queue full, incl. ListenOverflows) per second; warning 0 = any increase */
  listen_overflow: Levels;
  /** SYN_RECV sockets as percent of tcp_max_syn_backlog (syncookies / TCPReqQFullDrop: any increase) */
  syn_flood: Levels;
  /** percent of tcp_max_orphans */
  orphans: Levels;
  /** percent of nf_conntrack_max */
  conntrack: Levels;
}

/** What kind of number a setting takes: how it is checked, and the unit `tcpwatch rules` shows. */
export type SettingKind = 'percent' | 'count' | 'rate' | 'samples' | 'seconds';

export interface Setting {
  kind: SettingKind;
  default: number;
  /** its name in a config file and in --set, when that is not the field's own */
  key?: string;
}

/**
 * The series `tcpwatch serve` exports for the Prometheus rules, and the ones those rules record.
 * tcpwatch-only names: a node_exporter scraped beside tcpwatch never doubles an alert.
 */
export const PROM_SERIES = {
  /** {rule, subject}: the count a ratio rule compares with its limit (tw sockets, ports in use, ...) */
  usage: 'tcpwatch_limit_usage',
  /** {rule, subject}: that limit (tcp_max_tw_buckets, the usable ephemeral ports, ...) */
  limit: 'tcpwatch_limit',
  /** recorded: usage / limit */
  ratio: 'tcpwatch:limit_usage:ratio',
  /** {direction, endpoint}: CLOSE_WAIT sockets by listener (inbound) or by remote (outbound) */
  closeWait: 'tcpwatch_close_wait_sockets',
  /** recorded: all CLOSE_WAIT sockets of an instance */
  closeWaitTotal: 'tcpwatch:close_wait_sockets',
  listenDrops: 'tcpwatch_tcpext_listen_drops_total',
  twOverflow: 'tcpwatch_tcpext_time_wait_overflow_total',
  /** {local, remote}: seconds until a destination's ports run out at its current rate (+Inf: never) */
  destinationFullIn: 'tcpwatch_destination_full_in_seconds',
} as const;

/**
 * A rule's Prometheus alerts, one per level (`Warning`, `Critical` appended to `alert`), each at
 * that level's threshold, with the built-in rules' confirmation and hysteresis. `ratio`: the
 * recorded usage ratio of this rule (`matchers` narrow its subjects), thresholds in percent;
 * `count` and `rate`: `expr` compared as it is.
 *
 * `expr`, `count` and the summary are templates: `{sel}` stands for label matchers (none in the
 * alert, the alert's instance, job and netns in an annotation's query), `{w}` for a range of a few
 * evaluation intervals. The summary's `{used}` `{limit}` `{ratio}` (ratio), `{value}` `{count}`
 * (count, rate), `{groups}`, `{subject}`, `{instance}` (and its netns, under serve --all-netns) are
 * filled with the alert's numbers.
 */
export interface PromLevels {
  alert: string;
  compare: 'ratio' | 'count' | 'rate';
  expr?: string;
  matchers?: string;
  /** PromQL for `{count}` in the summary: the raw count behind a rate */
  count?: string;
  summary: string;
  /** when it is another fix than the rule's */
  remedy?: string;
}

/** A Prometheus alert not tied to the levels: a counter that must not grow, a rise over a window. */
export interface PromExtra {
  alert: string;
  severity: 'warning' | 'critical';
  expr: string;
  /** raise at once, as the built-in finding does (the kernel is already dropping) */
  immediate?: boolean;
  summary: string;
  remedy?: string;
}

export interface RuleEntry<R extends RuleName> {
  /** the settable thresholds, in the order `tcpwatch rules` lists them */
  settings: { [F in keyof RuleThresholds[R]]: Setting };
  /**
   * The fix, one wording for the rule's alerts and the Prometheus rules. Called without an
   * argument (Prometheus) it gives the general advice; a rule passes the values in force, shown
   * as "(now ...)" where they matter.
   */
  remedy: (now?: never) => string;
  /** the remedy in one line (at most FIX_WIDTH characters), for the TUI's first glance */
  fix: string;
  prometheus: { levels: PromLevels[]; extra?: (t: RuleThresholds[R]) => PromExtra[] };
}

/** Engine settings that are not one rule's: how many samples confirm a level, and hysteresis. */
export const ENGINE_SETTINGS = {
  samples: { kind: 'samples', default: 2 },
  hysteresis: { kind: 'percent', default: 5 },
  /** the scrape and evaluation interval the Prometheus rules are made for; 0: tcpwatch's --interval */
  prometheus_interval: { kind: 'seconds', default: 0, key: 'prometheus.interval' },
} as const satisfies Record<string, Setting>;

/** A one-line fix fits an 80-column line after its `fix: ` label. */
export const FIX_WIDTH = 74;

const levels = (kind: SettingKind, warning: number, critical: number) => ({ warning: { kind, default: warning }, critical: { kind, default: critical } });

/** Subject of the tw_buckets finding on the kernel's overflow counter. */
export const TW_OVERFLOW = 'TCPTimeWaitOverflow';
/**
 * What a full destination means, said where it is (the alert, --once, the TUI): the kernel
 * refuses the connect() in the port search (__inet_hash_connect, net/ipv4/inet_hashtables.c)
 * before tcp_connect() counts an active open, and no MIB counts the refusal.
 */
export const CONNECTS_FAIL = 'new connect()s to it fail now with EADDRNOTAVAIL, and the kernel counts this nowhere (ActiveOpens, AttemptFails and TIME_WAIT stay flat)';

/** Subject of the port_exhaustion finding over all destinations together. */
export const HOST_WIDE = 'all destinations';

/** The tw_buckets fix when the kernel already skips TIME_WAIT (TCPTimeWaitOverflow grew). */
export const TW_OVERFLOW_REMEDY = 'Raise net.ipv4.tcp_max_tw_buckets now (e.g. double it; each timewait socket costs well under 1 KB). Delayed duplicates can now corrupt new connections on the same 4-tuple.';

/** The port_exhaustion fix for ports held host-wide (bind() needs one free for every destination). */
export const hostPortsRemedy = (now?: { range: string }): string =>
  `connect() may still reuse a port toward another destination, but bind() before connect() and bind(0) need a port free for all: set IP_BIND_ADDRESS_NO_PORT before bind(), reuse connections, widen net.ipv4.ip_local_port_range${now ? ` (now ${now.range})` : ''}.`;

/** What the port-exhaustion fix is said against: the destination's numbers and this client's settings. */
export interface PortsNow {
  range: string;
  reuse: number | undefined;
  /** its ports in TIME_WAIT */
  timeWait: number;
  /** a loopback address at either end (where tcp_tw_reuse=2 reuses) */
  loopback: boolean;
}

/**
 * tcp_tw_reuse frees only TIME_WAIT ports, on connect(); 2 (the default) only where either end is
 * loopback (kernel-facts.md, tcp_tw_reuse): said so rather than advised where it cannot help.
 */
function twReuseClause(now: PortsNow | undefined): string {
  if (!now) return 'set net.ipv4.tcp_tw_reuse=1 on this client (needs tcp_timestamps).';
  if (now.timeWait === 0) return 'tcp_tw_reuse cannot help: none of its ports is in TIME_WAIT, live connections hold them.';
  if (now.reuse === 1) return 'tcp_tw_reuse is already 1.';
  if (now.reuse === 2 && now.loopback) return 'tcp_tw_reuse is 2, which already reuses its TIME_WAIT ports (loopback).';
  return `set net.ipv4.tcp_tw_reuse=1 on this client (now ${now.reuse ?? 'unknown'}${now.reuse === 2 ? ': loopback only' : ''}; needs tcp_timestamps).`;
}

export const CATALOGUE = {
  tw_buckets: {
    settings: levels('percent', 80, 95),
    remedy: () => 'Raise net.ipv4.tcp_max_tw_buckets (never lower it); cut TIME_WAIT at the source: keep-alive/pooled connections to upstreams, and let the side that can afford it close first.',
    fix: 'raise net.ipv4.tcp_max_tw_buckets (never lower it); keep upstreams alive',
    prometheus: {
      levels: [
        {
          alert: 'TcpwatchTimeWaitBuckets',
          compare: 'ratio',
          summary: '{used} timewait sockets of tcp_max_tw_buckets {limit} ({ratio}) on {instance}: past it the kernel skips TIME_WAIT',
        },
      ],
      extra: () => [
        {
          alert: 'TcpwatchTimeWaitOverflow',
          severity: 'critical',
          expr: `idelta(${PROM_SERIES.twOverflow}{sel}[{w}]) > 0`,
          immediate: true,
          summary: 'TCPTimeWaitOverflow +{value} since the scrape before on {instance}: the kernel closed connections without TIME_WAIT (tcp_max_tw_buckets {limit} reached)',
          remedy: TW_OVERFLOW_REMEDY,
        },
      ],
    },
  },
  port_exhaustion: {
    settings: { ...levels('percent', 80, 95), full_in: { kind: 'seconds', default: 300 } },
    remedy: (now?: PortsNow) =>
      [
        'Reuse connections (keep-alive pool to this upstream);',
        'add 4-tuples: more upstream ports or IPs, or more local source IPs (with IP_BIND_ADDRESS_NO_PORT);',
        `widen net.ipv4.ip_local_port_range (${now ? `now ${now.range}, ` : ''}e.g. 10000 65535 with service ports in ip_local_reserved_ports);`,
        twReuseClause(now),
      ].join(' '),
    fix: 'pool connections (keep-alive); more source IPs; widen ip_local_port_range',
    prometheus: {
      levels: [
        {
          alert: 'TcpwatchEphemeralPorts',
          compare: 'ratio',
          matchers: `subject!="${HOST_WIDE}"`,
          summary: '{subject}: {used} of {limit} ephemeral ports ({ratio}) on {instance}',
        },
        {
          alert: 'TcpwatchEphemeralPortsHost',
          compare: 'ratio',
          matchers: `subject="${HOST_WIDE}"`,
          summary: '{used} of {limit} ephemeral ports held host-wide ({ratio}) over all destinations on {instance}',
          remedy: hostPortsRemedy(),
        },
      ],
      // the built-in rule's predictive warning: full within full_in at the current rate
      extra: (t: RuleThresholds['port_exhaustion']) => [
        {
          alert: 'TcpwatchEphemeralPortsFilling',
          severity: 'warning',
          expr: `${PROM_SERIES.destinationFullIn}{sel} <= ${t.full_in}`,
          summary: `ephemeral ports toward {{ $labels.remote }} from {{ $labels.local }} run out in {value} s at the current connection rate on {instance} (warning from ${t.full_in} s)`,
        },
      ],
    },
  },
  close_wait_leak: {
    settings: { ...levels('count', 100, 1000), growth: { kind: 'count', default: 50 }, window_s: { kind: 'seconds', default: 600, key: 'window' } },
    remedy: (now?: { serving: string | undefined }) =>
      `The application${now?.serving !== undefined ? ` serving ${now.serving}` : ''} does not close() sockets its peer has closed: find the owner (ss -tanp state close-wait) and fix the missing close / leaked connection; the kernel never times CLOSE_WAIT out, no sysctl helps, a restart only hides it.`,
    fix: 'the app does not close(): find it (ss -tanp state close-wait), fix it',
    prometheus: {
      levels: [{ alert: 'TcpwatchCloseWaitLeak', compare: 'count', expr: `${PROM_SERIES.closeWaitTotal}{sel}`, summary: '{value} CLOSE_WAIT sockets on {instance}: {groups}' }],
      // the built-in rule wants no fall between samples: risen from the window's lowest, now at its highest, is the nearest PromQL
      extra: (t: RuleThresholds['close_wait_leak']) => [
        {
          alert: 'TcpwatchCloseWaitGrowing',
          severity: 'warning',
          expr: `${PROM_SERIES.closeWaitTotal}{sel} - min_over_time(${PROM_SERIES.closeWaitTotal}{sel}[${t.window_s}s]) >= ${t.growth} and ${PROM_SERIES.closeWaitTotal}{sel} >= max_over_time(${PROM_SERIES.closeWaitTotal}{sel}[${t.window_s}s])`,
          summary: `CLOSE_WAIT up {value} in ${t.window_s} s on {instance}, a steady rise is a leak (warning from +${t.growth}): {groups}`,
        },
      ],
    },
  },
  listen_overflow: {
    settings: levels('rate', 0, 10),
    remedy: (now?: { somaxconn: number | undefined }) =>
      `The application accepts too slowly or listens with a small backlog: compare Recv-Q with Send-Q in ss -ltn, add workers, raise the listen() backlog (capped by net.core.somaxconn${now?.somaxconn !== undefined ? `, now ${now.somaxconn}` : ''}).`,
    fix: 'accept faster (more workers); raise the listen() backlog and somaxconn',
    prometheus: {
      // ListenDrops counts ListenOverflows too; irate and idelta read the last two scrapes, never extrapolated
      levels: [
        {
          alert: 'TcpwatchListenOverflow',
          compare: 'rate',
          expr: `irate(${PROM_SERIES.listenDrops}{sel}[{w}])`,
          count: `idelta(${PROM_SERIES.listenDrops}{sel}[{w}])`,
          summary: 'accept queues full on {instance}: ListenDrops +{count} since the scrape before ({value}/s), connections dropped',
        },
      ],
    },
  },
  syn_flood: {
    settings: levels('percent', 50, 90),
    remedy: (now?: { syncookies: number | undefined; backlog: number | undefined }) =>
      `A SYN flood or a slow handshake path: check the sources (ss -tan state syn-recv), keep net.ipv4.tcp_syncookies=1${now ? ` (now ${now.syncookies ?? 'unknown'})` : ''}, raise net.ipv4.tcp_max_syn_backlog${now ? ` (now ${now.backlog ?? 'unknown'})` : ''} and the listen() backlog; filter abusive sources upstream.`,
    fix: 'keep tcp_syncookies=1; raise tcp_max_syn_backlog; filter the sources',
    prometheus: {
      levels: [{ alert: 'TcpwatchSynBacklog', compare: 'ratio', summary: '{used} SYN_RECV of tcp_max_syn_backlog {limit} ({ratio}) on {instance}' }],
    },
  },
  orphans: {
    settings: levels('percent', 25, 50), // netdata's tcp_orphans alarm
    remedy: () =>
      'Find peers that do not acknowledge FINs (ss -tan state fin-wait-1 state last-ack); raise net.ipv4.tcp_max_orphans if memory allows (up to ~64 KB each); tcp_fin_timeout shortens only orphaned FIN_WAIT2, never TIME_WAIT.',
    fix: 'find peers not ACKing FINs (ss state fin-wait-1); raise tcp_max_orphans',
    prometheus: {
      levels: [{ alert: 'TcpwatchOrphans', compare: 'ratio', summary: '{used} orphaned sockets of tcp_max_orphans {limit} ({ratio}) on {instance}: past it the kernel resets them' }],
    },
  },
  conntrack: {
    settings: levels('percent', 90, 95),
    remedy: () =>
      "Raise net.netfilter.nf_conntrack_max (settable only in the host namespace) with the hash size, or exempt high-volume flows from tracking (notrack in the raw table); nf_conntrack_tcp_timeout_time_wait is conntrack's own timer and does not shorten TCP's 60 s TIME_WAIT.",
    fix: 'raise nf_conntrack_max (host namespace) or notrack high-volume flows',
    prometheus: {
      levels: [{ alert: 'TcpwatchConntrack', compare: 'ratio', summary: '{used} conntrack entries of nf_conntrack_max {limit} ({ratio}) on {instance}: when full the kernel drops packets' }],
    },
  },
} satisfies { [R in RuleName]: RuleEntry<R> };

/** The entries seen through their common shape, for code that goes over every rule. */
export const RULE_ENTRIES: { readonly [R in RuleName]: RuleEntry<R> } = CATALOGUE;

/** Every rule, in the order alerts of equal level are listed and `tcpwatch rules` shows them. */
export const RULE_NAMES = Object.keys(CATALOGUE) as RuleName[];
