// `tcpwatch lint`'s judge over real sysctl.conf files (fixtures/sysctl, provenance in
// fixtures/README.md) against a captured Linux 6.18 /proc (fixtures/sysctl/kernel), and over small
// files for each rule the real ones do not reach.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintExitCode, lintSysctl, type LintFinding } from '../../src/advice/lint.js';
import { parseSysctlConf, type ConfFile } from '../../src/parse/sysctl-conf.js';
import { ProcRoot } from '../../src/source/proc-files.js';
import { readKernelView, type KernelView } from '../../src/source/sysctl-files.js';

const conf = (path: string, text = readFileSync(path, 'utf8')): ConfFile => ({ path, conf: parseSysctlConf(text) });
const keysOf = (files: ConfFile[]) => [...new Set(files.flatMap((f) => f.conf.settings.map((s) => s.key)))];
const captured = (files: ConfFile[]) => readKernelView(new ProcRoot('fixtures/sysctl/kernel/proc'), keysOf(files));

/** The findings that say something: [line, level, key, message]. */
const said = (findings: LintFinding[]) => findings.filter((f) => ['error', 'warning', 'info'].includes(f.level)).map((f) => [f.line, f.level, f.key, f.message] as const);

type Row = [number, 'error' | 'warning' | 'info', string, RegExp];

const REAL: Array<[string, Row[]]> = [
  [
    'blog-greenplumdba-socket-tuning.conf',
    [
      [2, 'warning', 'net.ipv4.ip_local_port_range', /can take service ports 1080, 1433, 3306/],
      [2, 'warning', 'net.ipv4.ip_local_port_range', /listen here now are inside the range: 4000, 50000;/],
      [5, 'error', 'net.ipv4.tcp_tw_recycle', /^removed in Linux 4\.12 \(this kernel: 6\.18\.44-fc-v1147\): sysctl -p fails .*NAT/],
      [20, 'warning', 'net.core.somaxconn', /lowers the default 4096 \(since Linux 5\.4\)/],
    ],
  ],
  [
    'blog-pc-freak-2008.conf',
    [
      [2, 'warning', 'net.ipv4.conf.default.rp_filter', /words after the value \("\( Control Source/],
      [7, 'warning', 'net.ipv4.tcp_fin_timeout', /words after the value/],
      [7, 'info', 'net.ipv4.tcp_fin_timeout', /orphaned FIN_WAIT2 sockets only\. TIME_WAIT stays 60 s/],
      [8, 'warning', 'net.ipv4.tcp_keepalive_time', /words after the value/],
      [8, 'info', 'net.ipv4.tcp_keepalive_time', /only for sockets whose program turned SO_KEEPALIVE on/],
      [10, 'error', 'net.ipv4.tcp_rmem', /does not strip quotes/],
      [17, 'warning', 'net.core.hot_list_length', /^unknown to this kernel .*no \/proc\/sys\/net\/core\/hot_list_length/],
      [18, 'info', 'net.core.netdev_max_backlog', /not a queue of connections/],
    ],
  ],
  [
    'crowlin-nginx-sysctl.conf',
    [
      [15, 'info', 'net.core.netdev_max_backlog', /262,144 received packets/],
      [20, 'info', 'net.core.somaxconn', /does not raise them/],
      [36, 'info', 'net.netfilter.nf_conntrack_tcp_timeout_time_wait', /conntrack's own entry lifetime/],
      [38, 'warning', 'net.ipv4.ip_local_port_range', /the popular "1024 65000": Same-parity/],
      [38, 'warning', 'net.ipv4.ip_local_port_range', /listen here now/],
      // =0 too: the key itself is gone, and sysctl -p fails on it
      [52, 'error', 'net.ipv4.tcp_tw_recycle', /^removed in Linux 4\.12/],
      [58, 'warning', 'net.ipv4.tcp_synack_retries', /^1 SYN-ACK retransmission:/],
      [59, 'warning', 'net.ipv4.tcp_syn_retries', /^2 SYN retransmissions:/],
      [65, 'info', 'net.ipv4.tcp_fin_timeout', /TIME_WAIT stays 60 s/],
      [66, 'info', 'net.ipv4.tcp_keepalive_time', /after 600 s idle/],
    ],
  ],
  [
    'hxhgts-tcpoptimization-sysctl.conf',
    [
      [15, 'warning', 'net.ipv4.tcp_max_tw_buckets', /lowers the limit from 131,072 in force/],
      [18, 'error', 'net.ipv4.tcp_mem', /not ascending \(min, pressure, max/],
      [21, 'warning', 'net.ipv4.tcp_timestamps', /tcp_tw_reuse cannot reuse TIME_WAIT ports without timestamps/],
      [22, 'warning', 'net.ipv4.tcp_synack_retries', /^1 SYN-ACK/],
      [23, 'warning', 'net.ipv4.tcp_syn_retries', /^1 SYN retransmission:/],
      // the same file turns timestamps off, so its tcp_tw_reuse=1 cannot work
      [24, 'warning', 'net.ipv4.tcp_tw_reuse', /reuse needs timestamps, so it cannot work/],
      [25, 'info', 'net.ipv4.tcp_fin_timeout', /TIME_WAIT stays 60 s/],
      [26, 'info', 'net.ipv4.tcp_keepalive_time', /after 30 s idle/],
      [27, 'warning', 'net.ipv4.ip_local_port_range', /service ports/],
      [27, 'warning', 'net.ipv4.ip_local_port_range', /listen here now/],
      [32, 'info', 'net.core.netdev_max_backlog', /65,535 received packets/],
      [33, 'info', 'net.core.somaxconn', /does not raise them/],
    ],
  ],
  [
    'alexitru-sysctl.conf',
    [
      [8, 'info', 'net.ipv4.tcp_syncookies', /^overridden by fixtures\/sysctl\/alexitru-sysctl\.conf:11 \(1\)$/],
      [14, 'warning', 'net.ipv4.tcp_synack_retries', /^2 SYN-ACK retransmissions/],
      [29, 'warning', 'net.ipv4.tcp_nodelay', /^unknown to this kernel/],
      [43, 'warning', 'net.ipv4.icmp_ratelimit_burst', /^unknown to this kernel/],
    ],
  ],
];

describe('lint over real sysctl.conf files, against a captured 6.18 kernel', () => {
  it.each(REAL)('%s', async (name, rows) => {
    const files = [conf(`fixtures/sysctl/${name}`)];
    const findings = lintSysctl(files, await captured(files));
    const got = said(findings);
    expect(got).toHaveLength(rows.length);
    rows.forEach(([line, level, key, message], i) => {
      expect(got[i]?.slice(0, 3)).toEqual([line, level, key]);
      expect(got[i]?.[3]).toMatch(message);
    });
    expect(lintExitCode(findings)).toBe(rows.some((r) => r[1] === 'error') ? 1 : 0);
    // every setting line has at least one finding, each with a public source
    const lines = files[0]?.conf.settings.map((s) => s.line) ?? [];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(findings.some((f) => f.line === line)).toBe(true);
    for (const f of findings) expect(f.source).toMatch(/^https:\/\//);
  });

  it('lists the settings it does not judge as such, and gives the running value where it differs', async () => {
    const files = [conf('fixtures/sysctl/crowlin-nginx-sysctl.conf')];
    const findings = lintSysctl(files, await captured(files));
    expect(findings.find((f) => f.key === 'vm.swappiness')).toMatchObject({ line: 11, level: 'not judged' });
    expect(findings.find((f) => f.key === 'net.core.rmem_max')).toMatchObject({ line: 17, level: 'not judged', running: '4194304' });
    expect(findings.find((f) => f.key === 'net.ipv4.tcp_rmem')).toMatchObject({ level: 'ok', running: '4096 131072 33554432' });
    expect(findings.find((f) => f.key === 'net.ipv4.tcp_syncookies')).toMatchObject({ level: 'ok' });
    expect(findings.find((f) => f.key === 'net.ipv4.tcp_syncookies')).not.toHaveProperty('running');
  });
});

/** A kernel that has exactly these keys, with these values. */
function kernel(release: string, values: Record<string, string>, more: Partial<KernelView> = {}): KernelView {
  return { release, netReadable: true, values: new Map(Object.entries(values)), listening: [], memTotalBytes: undefined, ...more };
}

const lintText = (text: string, k: KernelView) => said(lintSysctl([conf('t.conf', text)], k));

describe('lint rules the real files do not reach', () => {
  it('tcp_tw_recycle on a kernel older than 4.12: 1 is harmful, 0 is fine', () => {
    const k = kernel('4.9.0-19-amd64', { 'net.ipv4.tcp_tw_recycle': '0' });
    expect(lintText('net.ipv4.tcp_tw_recycle = 1\n', k)).toEqual([[1, 'error', 'net.ipv4.tcp_tw_recycle', expect.stringMatching(/drops SYNs from clients behind NAT/) as string]]);
    expect(lintText('net.ipv4.tcp_tw_recycle = 0\n', k)).toEqual([]);
  });

  it('an unknown key with a leading - is only info: sysctl ignores its failure', () => {
    const [f] = lintText('-net.ipv4.tcp_nodelay = 1\n', kernel('6.18.0', {}));
    expect(f?.slice(0, 3)).toEqual([1, 'info', 'net.ipv4.tcp_nodelay']);
  });

  it('a global key missing here is explained: it is absent inside a network namespace', () => {
    const [f] = lintText('net.ipv4.tcp_max_orphans = 65536\n', kernel('6.18.0', {}));
    expect(f?.[3]).toMatch(/global, absent inside a network namespace/);
  });

  it('without a readable /proc/sys/net no key is called unknown', () => {
    expect(lintText('net.ipv4.tcp_nodelay = 1\n', kernel('6.18.0', {}, { netReadable: false }))).toEqual([]);
  });

  it.each([
    ['net.ipv4.tcp_tw_reuse = 3', 'error', /^not 0, 1 or 2: the kernel refuses it/],
    ['net.ipv4.tcp_syn_retries = 128', 'error', /^not 1 to 127 retries/],
    ['net.ipv4.tcp_fin_timeout = 30s', 'error', /^not a number of seconds/],
    ['net.ipv4.tcp_tw_reuse_delay = 0', 'error', /^not a delay of 1 to 60000 ms/],
    ['net.ipv4.ip_local_port_range = 1000 65000', 'error', /below ip_unprivileged_port_start \(1024\)/],
    ['net.ipv4.ip_local_port_range = 61000 32768', 'error', /^not a range within 1-65535, start <= end/],
    ['net.ipv4.ip_local_port_range = 32768 61000', 'warning', /same parity/],
    ['net.ipv4.tcp_max_tw_buckets = 5000', 'error', /^harmful: Past the limit the kernel destroys closing sockets/],
    ['net.ipv4.tcp_rmem = 4096 87380', 'warning', /sets only the first 2 of the three numbers/],
    ['net.ipv4.tcp_wmem = 4096 65536 1024', 'error', /not ascending/],
    ['net.ipv4.tcp_syncookies = 0', 'warning', /drops SYNs instead of answering with cookies/],
    ['net.ipv4.conf.all.rp_filter = 0', 'info', /higher of conf\.all and conf\.IFACE/],
    ['net.ipv4.ip_local_reserved_ports = 8080 9000', 'error', /^not a list of ports/],
    ['net.core.somaxconn = ', 'error', /no value after "="/],
    ['net.ipv4.tcp_fin_timeout = 60 # the default', 'warning', /no comments after a value/],
  ])('%j', (line, level, message) => {
    const got = lintText(`${line}\n`, kernel('6.18.44', { [line.split(' ')[0] as string]: '0' }));
    expect(got).toHaveLength(1);
    expect(got[0]?.[1]).toBe(level);
    expect(got[0]?.[3]).toMatch(message);
  });

  it("tcp_mem in bytes is told apart from pages by the machine's RAM", () => {
    const k = kernel('6.18.44', { 'net.ipv4.tcp_mem': '1 2 3' }, { memTotalBytes: 8 * 1024 ** 3 });
    expect(lintText('net.ipv4.tcp_mem = 786432 1048576 1572864\n', k)).toEqual([]);
    const [f] = lintText('net.ipv4.tcp_mem = 786432000 1048576000 1572864000\n', k);
    expect(f?.slice(0, 2)).toEqual([1, 'warning']);
    expect(f?.[3]).toMatch(/counts pages \(4 KiB\), not bytes: max 1,572,864,000 pages is 6000 GiB, more than this machine's 8\.0 GiB/);
  });

  it('ip_local_reserved_ports set in the files counts for the range, whatever its line', () => {
    const text = 'net.ipv4.ip_local_port_range = 1025 65000\nnet.ipv4.ip_local_reserved_ports = 1080,1433,3306,5432,5672,6379,8080,8443,9092,9200,11211,27017,4000\n';
    const k = kernel('6.18.44', { 'net.ipv4.ip_local_port_range': '32768 60999', 'net.ipv4.ip_local_reserved_ports': '' }, { listening: [4000, 50000] });
    const got = lintText(text, k);
    expect(got).toHaveLength(1);
    expect(got[0]?.[3]).toMatch(/listen here now are inside the range: 50000;/);
  });

  it('a later file overrides an earlier one, and the earlier line says by which', () => {
    const k = kernel('6.18.44', { 'net.ipv4.tcp_fin_timeout': '60' });
    const findings = lintSysctl([conf('/etc/sysctl.d/10-a.conf', 'net.ipv4.tcp_fin_timeout = 30\n'), conf('/etc/sysctl.conf', '\nnet.ipv4.tcp_fin_timeout = 60\n')], k);
    expect(findings.map((f) => [f.file, f.line, f.level])).toEqual([
      ['/etc/sysctl.d/10-a.conf', 1, 'info'],
      ['/etc/sysctl.d/10-a.conf', 1, 'info'],
      ['/etc/sysctl.conf', 2, 'ok'],
    ]);
    expect(findings[0]?.message).toBe('overridden by /etc/sysctl.conf:2 (60)');
  });

  it('bad lines are error findings with their line and the text', () => {
    const findings = lintSysctl([conf('t.conf', '# x\nnet.ipv4.tcp_fin_timeout 30\n')], kernel('6.18.44', {}));
    expect(findings).toEqual([
      { file: 't.conf', line: 2, key: '', value: 'net.ipv4.tcp_fin_timeout 30', level: 'error', message: expect.stringMatching(/invalid syntax/) as string, source: expect.stringMatching(/procps/) as string },
    ]);
    expect(lintExitCode(findings)).toBe(1);
  });
});
