import type { Sample } from '../types.js';
import { thousands } from '../format.js';
import { isEphemeral } from '../parse/sysctl.js';
import { platformOf } from '../platform.js';
import { SETTING_NOTES, SYSCTL_DOCS } from './facts.js';

/** ok: sound; note: worth knowing; change: the advice is to change it; myth: a tuning myth is in force. */
export type Verdict = 'ok' | 'note' | 'change' | 'myth';

export interface SettingAdvice {
  name: string;
  /** the current value as the kernel prints it; 'absent' when the sysctl does not exist */
  value: string;
  verdict: Verdict;
  text: string;
  /** the public source of the facts behind `text`: kernel docs, source files, commits, KB articles */
  source: string;
}

/** The non-Linux settings; the Linux sysctls' sources are in SYSCTL_DOCS. */
const OTHER_SOURCES: Record<string, string> = {
  'dynamic port range (netsh int ipv4 show dynamicport tcp)': 'KB 929851 (MicrosoftDocs/SupportArticles-docs default-dynamic-port-range-tcpip-chang.md)',
  'net.inet.ip.portrange.first / last': 'xnu bsd/netinet/in_pcb.c ipport_firstauto; freebsd-src sys/netinet/in_pcb.c IPPORT_EPHEMERALFIRST',
};

/** "6.18.44-fc" -> [6, 18]; undefined when it does not start with a version. */
export function kernelVersion(release: string | undefined): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(release ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function atLeast(v: [number, number] | undefined, major: number, minor: number): boolean | undefined {
  if (!v) return undefined;
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/** Service ports that a low ip_local_port_range start hands out to outgoing connections. */
export const SERVICE_PORTS = [1080, 1433, 3306, 5432, 5672, 6379, 8080, 8443, 9092, 9200, 11211, 27017];

/**
 * The sysctls in force, each with a truthful verdict for this kernel and these counters.
 * Settings the sample does not carry (another OS, a capture) are left out.
 */
export function settingsAdvice(s: Sample): SettingAdvice[] {
  const l = s.limits;
  const v = kernelVersion(s.kernel);
  const out: Omit<SettingAdvice, 'source'>[] = [];
  const overflows = s.counters.TcpExt.TCPTimeWaitOverflow;

  if (l.tcp_max_tw_buckets !== undefined) {
    const max = l.tcp_max_tw_buckets;
    const tw = s.sockstat.tw;
    // The default is ehash/2 (ehash a power of two, sized by RAM) and tcp_max_syn_backlog's is
    // max(128, ehash/128): a low value that fits them may be a small machine's default.
    const syn = l.tcp_max_syn_backlog;
    const powerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
    const maybeDefault = syn !== undefined && powerOfTwo(max) && (syn > 128 ? max === syn * 64 : max <= 64 * 128);
    const low = max <= 10_000 && !maybeDefault;
    const over = overflows !== undefined && overflows > 0;
    out.push({
      name: 'net.ipv4.tcp_max_tw_buckets',
      value: String(max),
      verdict: low ? 'myth' : over ? 'change' : 'ok',
      text: [
        low
          ? 'LOW. If set by hand, as the popular "5000" advice says, undo it: past the limit the kernel skips TIME_WAIT and risks corrupting new connections (the default is half the established-hash size, scaled with RAM).'
          : 'Limit on timewait sockets; never lower it.',
        `Timewait sockets now: ${tw === undefined ? 'unknown' : thousands(tw)}.`,
        overflows === undefined ? '' : `TCPTimeWaitOverflow so far: ${thousands(overflows)}${over ? ' (the kernel has already skipped TIME_WAIT: raise the limit)' : ''}.`,
      ]
        .filter(Boolean)
        .join(' '),
    });
  }

  if (l.tcp_tw_recycle !== undefined) {
    out.push({
      name: 'net.ipv4.tcp_tw_recycle',
      value: String(l.tcp_tw_recycle),
      verdict: l.tcp_tw_recycle !== 0 ? 'myth' : 'note',
      text: l.tcp_tw_recycle !== 0 ? SETTING_NOTES.twRecycleOn : 'Off, as it must be. This kernel predates 4.12, which removed it.',
    });
  } else if ((s.source === 'procfs' || s.source === 'sock_diag') && atLeast(v, 4, 12) !== false) {
    out.push({
      name: 'net.ipv4.tcp_tw_recycle',
      value: 'absent',
      verdict: 'ok',
      text: 'Removed in Linux 4.12; a sysctl.conf line setting it only fails ("cannot stat"). Remove such lines.',
    });
  }

  if (l.tcp_tw_reuse !== undefined) {
    const r = l.tcp_tw_reuse;
    const ts = l.tcp_timestamps;
    const words = r === 0 ? SETTING_NOTES.twReuseOff : r === 1 ? SETTING_NOTES.twReuseOn : r === 2 ? SETTING_NOTES.twReuseLoopback : 'Unknown value.';
    const needTs = r !== 0 && ts === 0 ? ` ${SETTING_NOTES.twReuseNeedsTimestamps}` : '';
    out.push({ name: 'net.ipv4.tcp_tw_reuse', value: String(r), verdict: r === 0 ? 'change' : needTs ? 'change' : 'ok', text: words + needTs });
  }

  if (l.tcp_timestamps !== undefined && l.tcp_timestamps === 0) {
    out.push({
      name: 'net.ipv4.tcp_timestamps',
      value: '0',
      verdict: 'change',
      text: SETTING_NOTES.timestampsOff,
    });
  }

  if (l.tcp_fin_timeout !== undefined) {
    const f = l.tcp_fin_timeout;
    out.push({
      name: 'net.ipv4.tcp_fin_timeout',
      value: String(f),
      verdict: f !== 60 ? 'myth' : 'ok',
      text:
        f !== 60
          ? `Changed from 60, often to "shorten TIME_WAIT", which it does not: it only limits orphaned FIN_WAIT2 sockets; TIME_WAIT is still ${l.time_wait_seconds ?? 60} s.`
          : 'Lifetime of orphaned FIN_WAIT2 sockets only; it does not touch TIME_WAIT (60 s).',
    });
  }

  if (l.ip_local_port_range) {
    const [lo, hi] = l.ip_local_port_range;
    const usable = l.ephemeral_ports ?? hi - lo + 1;
    // the parity split and the popular "1024 65000" are Linux's; Windows and macOS name the range otherwise
    const platform = platformOf(s.source);
    const linux = platform === 'linux';
    const parity = linux && lo % 2 === hi % 2;
    const stolen = SERVICE_PORTS.filter((p) => isEphemeral(p, [lo, hi], l.ip_local_reserved_ports ?? []));
    const problems = [parity ? SETTING_NOTES.sameParity : '', stolen.length > 0 ? SETTING_NOTES.servicePorts(stolen) : ''].filter(Boolean);
    const seed = linux && lo === 1024 && hi === 65000;
    out.push({
      name: linux ? 'net.ipv4.ip_local_port_range' : platform === 'windows' ? 'dynamic port range (netsh int ipv4 show dynamicport tcp)' : 'net.inet.ip.portrange.first / last',
      value: `${lo} ${hi}`,
      verdict: seed ? 'myth' : problems.length > 0 ? 'change' : 'ok',
      text: [
        seed ? 'The popular "1024 65000":' : '',
        `${thousands(usable)} usable ports per destination, ~${thousands(Math.floor(usable / (l.time_wait_seconds ?? 60)))} new connections/s each at most.`,
        problems.length > 0 ? `But ${problems.join('; ')}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }

  if (l.somaxconn !== undefined) {
    out.push({
      name: 'net.core.somaxconn',
      value: String(l.somaxconn),
      verdict: l.somaxconn < 1024 ? 'note' : 'ok',
      text: `Caps every listen() backlog (default 4096 since 5.4, 128 before)${l.somaxconn < 1024 ? '; low for a busy server if ListenOverflows grow' : ''}.`,
    });
  }

  if (l.tcp_syncookies !== undefined && l.tcp_syncookies === 0) {
    out.push({ name: 'net.ipv4.tcp_syncookies', value: '0', verdict: 'change', text: SETTING_NOTES.syncookiesOff });
  }
  return out.map((a) => ({ ...a, source: SYSCTL_DOCS[a.name]?.source ?? OTHER_SOURCES[a.name] ?? 'Documentation/networking/ip-sysctl.rst' }));
}
