/**
 * What `tcpwatch lint` says of one sysctl's value in a file: a verdict per judged key. Pure: the
 * running kernel comes in as a LintContext. The facts are docs/kernel-facts.md's; the kernel's
 * refusals ("Invalid argument") were checked on Linux 6.18 by writing the values in a network
 * namespace (docs/kernel-facts.md section 7).
 */
import { thousands } from '../format.js';
import { isEphemeral, parseReservedPorts, usableEphemeralPorts } from '../parse/sysctl.js';
import { MYTHS, SETTING_NOTES } from './facts.js';
import { atLeast, SERVICE_PORTS } from './settings.js';

/**
 * error: removed, refused or harmful; warning: risky; info: does not do what it is usually said
 * to; ok: sound; not judged: tcpwatch has nothing to say about it.
 */
export type LintLevel = 'error' | 'warning' | 'info' | 'ok' | 'not judged';

export interface Verdict {
  level: LintLevel;
  message: string;
}

export interface LintContext {
  /** the running kernel's version, when known */
  kernel: [number, number] | undefined;
  /** the value a key will have once the files are applied: their last setting of it, else the running value */
  effective(key: string): string | undefined;
  /** the value in force now, read from /proc/sys */
  running(key: string): string | undefined;
  /** local ports that listen on this machine now */
  listening: readonly number[];
  /** MemTotal, to tell a tcp_mem given in bytes */
  memTotalBytes: number | undefined;
}

type Judge = (value: string, c: LintContext) => Verdict[];

const myth = (name: string): string => MYTHS.find((m) => m.name === name)?.truth ?? '';
const v = (level: LintLevel, message: string): Verdict[] => [{ level, message }];
const refused = (what: string): Verdict[] => v('error', `not ${what}: the kernel refuses it (Invalid argument) and keeps the value it has`);

/**
 * The first `n` numbers of a value as the kernel reads a vector of integers: decimal or 0x hex,
 * separated by white space; words after them are ignored (verified), a missing one keeps its
 * running value. undefined when one of the first `n` is not a number.
 */
function numbers(value: string, n: number): number[] | undefined {
  const words = value === '' ? [] : value.split(' ').slice(0, n);
  if (words.length === 0 || !words.every((w) => /^[+-]?(0x[0-9a-f]+|\d+)$/i.test(w))) return undefined;
  return words.map((w) => (w.startsWith('-') ? -Number(w.slice(1)) : Number(w.replace(/^\+/, ''))));
}

/** Words after the `n` numbers (a note written as if it were a comment), as a warning. */
function trailing(value: string, n: number): Verdict[] {
  const rest = value.split(' ').slice(n).join(' ');
  if (rest === '') return [];
  return v(
    'warning',
    `words after the value (${JSON.stringify(rest.length > 30 ? `${rest.slice(0, 30)}...` : rest)}) are no comment: sysctl writes them too; this kernel reads the leading number${n > 1 ? 's' : ''} and ignores the rest (Linux 6.18)`,
  );
}

/** An integer judged by `f`, or refused when it is not one or lies outside [min, max]. */
const int =
  (what: string, f: (n: number, c: LintContext) => Verdict[], min = -Infinity, max = Infinity): Judge =>
  (value, c) => {
    const n = numbers(value, 1)?.[0];
    if (n === undefined || n < min || n > max) return refused(what);
    return [...trailing(value, 1), ...f(n, c)];
  };

/** min <= default/pressure <= max, all three given. */
function triple(names: string, unit: string, f: (t: [number, number, number], c: LintContext) => Verdict[]): Judge {
  return (val, c) => {
    const t = numbers(val, 3);
    if (!t) return refused(`three numbers (${names})`);
    if (t.length < 3) return v('warning', `sets only the first ${t.length} of the three numbers (${names}, ${unit}); the others keep their running values`);
    const [a, b, x] = t as [number, number, number];
    if (a < 0 || a > b || b > x) return v('error', `not ascending (${names} must be in order, ${unit}): the kernel takes it, and its limits then make no sense`);
    return [...trailing(val, 3), ...f([a, b, x], c)];
  };
}

const GiB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(bytes < 10 * GiB ? 1 : 0)} GiB`;

/** The page size tcp_mem counts in; 4 KiB on x86 and most arm64 kernels. */
const PAGE = 4096;

function portRange(value: string, c: LintContext): Verdict[] {
  const t = numbers(value, 2);
  if (!t || t.length < 2) return refused('two port numbers (start end)');
  const [lo, hi] = t as [number, number];
  const unprivileged = Number(c.effective('net.ipv4.ip_unprivileged_port_start') ?? 1024);
  if (lo > hi || hi > 65535 || lo < 1) return refused('a range within 1-65535, start <= end');
  const out: Verdict[] = trailing(value, 2);
  if (lo < unprivileged) return v('error', `the start ${lo} is below ip_unprivileged_port_start (${unprivileged}): the kernel refuses it (Invalid argument) and keeps the range it has`);
  const reserved = parseReservedPorts(c.effective('net.ipv4.ip_local_reserved_ports') ?? '') ?? [];
  const notes = out.length;
  if (lo === 1024 && hi === 65000) out.push({ level: 'warning', message: `the popular "1024 65000": ${myth('ip_local_port_range')}` });
  else {
    if (lo % 2 === hi % 2 && atLeast(c.kernel, 4, 2) !== false) out.push({ level: 'warning', message: SETTING_NOTES.sameParity });
    const stolen = SERVICE_PORTS.filter((p) => isEphemeral(p, [lo, hi], reserved));
    if (stolen.length > 0) out.push({ level: 'warning', message: SETTING_NOTES.servicePorts(stolen) });
  }
  const listening = c.listening.filter((p) => isEphemeral(p, [lo, hi], reserved) && !SERVICE_PORTS.includes(p));
  if (listening.length > 0) {
    out.push({
      level: 'warning',
      message: `ports that listen here now are inside the range: ${listening.slice(0, 10).join(', ')}${listening.length > 10 ? ' ...' : ''}; while such a service is down an outgoing connection can take its port and its restart fails (EADDRINUSE): list them in ip_local_reserved_ports`,
    });
  }
  if (out.length > notes) return out;
  const usable = usableEphemeralPorts([lo, hi], reserved);
  return out.concat({ level: 'ok', message: `${thousands(usable)} usable ports per destination, ~${thousands(Math.floor(usable / 60))} new connections/s each at most` });
}

/** Judges by exact key. */
const BY_KEY: Record<string, Judge> = {
  'net.ipv4.tcp_tw_recycle': int('0 or 1', (n) => (n !== 0 ? v('error', SETTING_NOTES.twRecycleOn) : v('ok', 'off, as it must be (this kernel predates 4.12, which removed it)'))),
  'net.ipv4.tcp_fin_timeout': int('a number of seconds', (n) =>
    n < 1 ? v('error', `${n} s: orphaned FIN_WAIT2 sockets need a positive lifetime (default 60)`) : n !== 60 ? v('info', myth('tcp_fin_timeout')) : v('ok', 'the default; it applies to orphaned FIN_WAIT2 sockets only'),
  ),
  'net.ipv4.tcp_max_tw_buckets': int('a number', (n, c) => {
    if (n <= 10_000) return v('error', `harmful: ${myth('tcp_max_tw_buckets')}`);
    const run = Number(c.running('net.ipv4.tcp_max_tw_buckets'));
    if (run > n) return v('warning', `lowers the limit from ${thousands(run)} in force: past it the kernel skips TIME_WAIT (TCPTimeWaitOverflow); raise it, never lower it`);
    return v('ok', 'limit on timewait sockets; raise it when TCPTimeWaitOverflow grows, never lower it');
  }),
  'net.ipv4.tcp_tw_reuse': int(
    '0, 1 or 2',
    (n, c) => {
      if (n !== 0 && c.effective('net.ipv4.tcp_timestamps') === '0') return v('warning', `${n === 1 ? SETTING_NOTES.twReuseOn : SETTING_NOTES.twReuseLoopback} ${SETTING_NOTES.twReuseNeedsTimestamps}`);
      return v('ok', n === 0 ? SETTING_NOTES.twReuseOff : n === 1 ? SETTING_NOTES.twReuseOn : SETTING_NOTES.twReuseLoopback);
    },
    0,
    2,
  ),
  'net.ipv4.tcp_tw_reuse_delay': int('a delay of 1 to 60000 ms', (n) => v('ok', `a TIME_WAIT port may be reused once ${n} ms old (tcp_tw_reuse)`), 1, 60_000),
  'net.ipv4.tcp_timestamps': int(
    '0, 1 or 2',
    (n) =>
      n === 0
        ? v('warning', SETTING_NOTES.timestampsOff)
        : n > 2
          ? v('warning', `${n}: not a documented value (0, 1 or 2)`)
          : v('ok', n === 1 ? 'timestamps with a random offset per connection (the default)' : 'timestamps without random offsets'),
    0,
  ),
  'net.ipv4.tcp_syncookies': int(
    '0, 1 or 2',
    (n) =>
      n === 0
        ? v('warning', SETTING_NOTES.syncookiesOff)
        : n > 2
          ? v('warning', `${n}: not a documented value (0, 1 or 2)`)
          : v('ok', n === 1 ? 'cookies only when a SYN queue overflows (the default)' : 'cookies always: TCP options such as window scaling are lost on every connection'),
    0,
  ),
  'net.ipv4.tcp_max_syn_backlog': int('a number', (n) =>
    n < 1 ? v('warning', `${n}: not a positive limit`) : v('ok', 'per-listener limit of half-open (SYN_RECV) connections; the accept queue is listen()s backlog capped by somaxconn'),
  ),
  'net.core.somaxconn': int(
    'a number of 0 or more',
    (n, c) => {
      if (n < 4096 && atLeast(c.kernel, 5, 4) !== false) return v('warning', `lowers the default 4096 (since Linux 5.4): every listen() backlog is capped at ${thousands(n)}`);
      if (n > 4096) return v('info', `caps listen() backlogs, it does not raise them: a program still gets the backlog it asks listen() for (nginx asks 511 unless told backlog=${thousands(n)})`);
      return v('ok', 'caps every listen() backlog');
    },
    0,
  ),
  'net.core.netdev_max_backlog': int('a number', (n) => v('info', `a per-CPU queue of ${thousands(n)} received packets waiting for the stack, not a queue of connections: listen() queues are somaxconn and tcp_max_syn_backlog`)),
  'net.ipv4.tcp_max_orphans': int('a number', (n, c) => {
    const run = Number(c.running('net.ipv4.tcp_max_orphans'));
    if (run > n) return v('warning', `lowers the limit from ${thousands(run)} in force: orphans past it are reset, and the docs say not to lower it artificially`);
    return v('ok', 'limit on sockets closed by their program but not done yet (~64 KB each); it is global, not per namespace');
  }),
  'net.ipv4.tcp_syn_retries': int(
    '1 to 127 retries',
    (n) =>
      n <= 2
        ? v('warning', `${n} SYN retransmission${n === 1 ? '' : 's'}: connect() gives up within seconds when SYNs are lost, a short burst of loss fails connections (default 6)`)
        : v('ok', `connect() retransmits its SYN ${n} times`),
    1,
    127,
  ),
  'net.ipv4.tcp_synack_retries': int(
    '0 to 255 retries',
    (n) => (n <= 2 ? v('warning', `${n} SYN-ACK retransmission${n === 1 ? '' : 's'}: clients whose SYN-ACK or ACK is lost fail to connect within seconds (default 5)`) : v('ok', `a listener retransmits its SYN-ACK ${n} times`)),
    0,
    255,
  ),
  'net.ipv4.tcp_keepalive_time': int('a number of seconds', (n) =>
    n === 7200
      ? v('ok', 'the default (2 hours)')
      : v('info', `only for sockets whose program turned SO_KEEPALIVE on: the first probe after ${thousands(n)} s idle. It closes no other idle connection, and does not touch TIME_WAIT or CLOSE_WAIT`),
  ),
  'net.ipv4.tcp_mem': triple('min, pressure, max', 'in pages', ([, , max], c) => {
    if (c.memTotalBytes !== undefined && max * PAGE > c.memTotalBytes) {
      return v('warning', `tcp_mem counts pages (4 KiB), not bytes: max ${thousands(max)} pages is ${gib(max * PAGE)}, more than this machine's ${gib(c.memTotalBytes)} of RAM; the kernel sizes it from RAM at boot`);
    }
    return v('ok', `TCP may use up to ${gib(max * PAGE)} in all (pages of 4 KiB)`);
  }),
  'net.ipv4.tcp_rmem': triple('min, default, max', 'in bytes', ([, , max]) => v('ok', `receive buffers grow up to ${thousands(max)} bytes per socket by autotuning (net.core.rmem_max caps only SO_RCVBUF)`)),
  'net.ipv4.tcp_wmem': triple('min, default, max', 'in bytes', ([, , max]) => v('ok', `send buffers grow up to ${thousands(max)} bytes per socket by autotuning (net.core.wmem_max caps only SO_SNDBUF)`)),
  'net.ipv4.ip_local_port_range': portRange,
  'net.ipv4.ip_local_reserved_ports': (value) => (parseReservedPorts(value) ? v('ok', 'kept out of automatic port assignment') : refused('a list of ports and ranges (8080,9000-9010)')),
  'net.netfilter.nf_conntrack_tcp_timeout_time_wait': int('a number of seconds', () => v('info', myth('nf_conntrack_tcp_timeout_time_wait'))),
};

const rpFilter: Judge = int(
  '0, 1 or 2',
  (n) =>
    n === 0
      ? v('info', 'off here does not turn it off: the kernel checks with the higher of conf.all and conf.IFACE, so an interface still set to 1 keeps strict checking')
      : n === 1
        ? v('ok', "strict reverse-path check (RFC 3704's recommendation); with asymmetric routes (several uplinks) use 2, loose")
        : n === 2
          ? v('ok', 'loose reverse-path check')
          : v('warning', `${n}: not a documented value (0, 1 or 2)`),
  0,
);

/** The key a judge and its sources are filed under: one per family of per-interface keys. */
export function catalogueKey(key: string): string {
  return /^net\.ipv4\.conf\.[^.]+\.rp_filter$/.test(key) ? 'net.ipv4.conf.*.rp_filter' : key;
}

export function judgeOf(key: string): Judge | undefined {
  const k = catalogueKey(key);
  return k === 'net.ipv4.conf.*.rp_filter' ? rpFilter : BY_KEY[k];
}

/** Sysctls the kernel removed: a line setting one is an error on kernels since then. */
export const REMOVED: Record<string, { since: [number, number]; why: string }> = {
  'net.ipv4.tcp_tw_recycle': { since: [4, 12], why: myth('tcp_tw_recycle').replace(/^Removed in Linux [\d.]+\. /, '') },
};

/** Global sysctls: absent inside a network namespace (verified), so a container cannot set them. */
export const GLOBAL = new Set(['net.ipv4.tcp_max_orphans', 'net.core.netdev_max_backlog']);
