import { describe, expect, it } from 'vitest';
import { advise, adviceText } from '../../src/advice/index.js';
import { kernelVersion, settingsAdvice } from '../../src/advice/settings.js';
import { platformOf, type Platform } from '../../src/platform.js';
import type { SampleSource } from '../../src/types.js';
import { sample } from '../helpers/synthetic.js';

const byName = (s: ReturnType<typeof settingsAdvice>) => Object.fromEntries(s.map((x) => [x.name, x]));

describe('settings advice depends on the kernel and the values in force', () => {
  it('kernelVersion reads the release', () => {
    expect(kernelVersion('6.18.44-fc-v669')).toEqual([6, 18]);
    expect(kernelVersion('4.9.0-19-amd64')).toEqual([4, 9]);
    expect(kernelVersion(undefined)).toBeUndefined();
  });

  it('tcp_tw_recycle=1 on an old kernel is a myth in force, and the advice is to turn it off', () => {
    const s = sample(0, { source: 'procfs', kernel: '4.9.0-19-amd64', limits: { tcp_tw_recycle: 1 } });
    const r = byName(settingsAdvice(s))['net.ipv4.tcp_tw_recycle'];
    expect(r).toMatchObject({ value: '1', verdict: 'myth' });
    expect(r?.text).toMatch(/drops SYNs from clients behind NAT.*Set it to 0/);
    expect(advise(s).myths.find((m) => m.name === 'tcp_tw_recycle')).toMatchObject({ inForce: true, current: '1' });
  });

  it('its absence is stated only for Linux samples of 4.12 or later', () => {
    const linux = (kernel: string) => byName(settingsAdvice(sample(0, { source: 'procfs', kernel, limits: {} })))['net.ipv4.tcp_tw_recycle'];
    expect(linux('6.18.44')?.value).toBe('absent');
    expect(linux('4.9.0')).toBeUndefined();
    expect(byName(settingsAdvice(sample(0, { source: 'netstat-windows', limits: {} })))['net.ipv4.tcp_tw_recycle']).toBeUndefined();
  });

  it('tcp_max_tw_buckets: 5000 is a myth; the RAM-scaled default (64 x tcp_max_syn_backlog) is not; overflows say raise it', () => {
    const tw = (max: number, syn: number, overflow = 0) => {
      const s = sample(0, { limits: { tcp_max_tw_buckets: max, tcp_max_syn_backlog: syn } });
      s.counters.TcpExt.TCPTimeWaitOverflow = overflow;
      return byName(settingsAdvice(s))['net.ipv4.tcp_max_tw_buckets'];
    };
    expect(tw(5000, 2048)?.verdict).toBe('myth');
    expect(tw(5000, 128)?.verdict).toBe('myth');
    expect(tw(4096, 2048)?.verdict).toBe('myth'); // ehash 262144 would give 131072
    expect(tw(131072, 2048)?.verdict).toBe('ok');
    expect(tw(8192, 128)?.verdict).toBe('ok'); // a small machine's default: ehash 16384
    const over = tw(131072, 2048, 12);
    expect(over?.verdict).toBe('change');
    expect(over?.text).toMatch(/TCPTimeWaitOverflow so far: 12 \(the kernel has already skipped TIME_WAIT: raise the limit\)/);
  });

  it('TIME_WAIT facts follow the sampled system (Windows TcpTimedWaitDelay)', () => {
    const a = advise(sample(0, { source: 'netstat-windows', limits: { time_wait_seconds: 240 } }));
    expect(a.timeWait.map((f) => f.text)).toContain('TIME_WAIT lasts 240 s on the sampled system.');
    expect(a.timeWait.map((f) => f.text).join(' ')).not.toMatch(/Linux fixes it at 60 s/);
  });

  it("a Windows or macOS port range is named as there, without Linux's parity rule or its myth", () => {
    const win = settingsAdvice(sample(0, { source: 'netstat-windows', limits: { ip_local_port_range: [1024, 65000], ephemeral_ports: 63977 } }));
    expect(win.map((x) => x.name)).toEqual(['dynamic port range (netsh int ipv4 show dynamicport tcp)']);
    expect(win[0]?.verdict).toBe('change'); // still hands out service ports
    expect(win[0]?.text).not.toMatch(/parity|popular/);
    const mac = settingsAdvice(sample(0, { source: 'netstat-darwin', limits: { ip_local_port_range: [49152, 65535], ephemeral_ports: 16384 } }));
    expect(mac).toMatchObject([{ name: 'net.inet.ip.portrange.first / last', value: '49152 65535', verdict: 'ok' }]);
  });

  it('the text puts alerts first, each with its fix', () => {
    const s = sample(0);
    const lines = adviceText(advise(s, [{ rule: 'tw_buckets', level: 'critical', value: 99, limit: 100, since: 0, message: 'm', remedy: 'r' }]));
    expect(lines.slice(0, 3)).toEqual(['NOW', '  CRITICAL tw_buckets: m', '    fix: r']);
  });
});

describe('advice follows the sampled system, live or captured', () => {
  it.each<[SampleSource, Platform]>([
    ['netstat-windows', 'windows'],
    ['capture:netstat-windows', 'windows'],
    ['netstat-darwin', 'darwin'],
    ['capture:netstat-darwin', 'darwin'],
    ['procfs', 'linux'],
    ['sock_diag', 'linux'],
    ['capture:ss', 'linux'],
  ])('%s is %s', (source, platform) => {
    expect(platformOf(source)).toBe(platform);
  });

  it('Windows: netsh and TcpTimedWaitDelay, no Linux sysctl in remedies or myths', () => {
    const a = advise(sample(0, { source: 'capture:netstat-windows', limits: { ip_local_port_range: [49152, 65535], ephemeral_ports: 16384, time_wait_seconds: 120 } }));
    const text = adviceText(a).join('\n');
    expect(text).toMatch(/netsh int ipv4 set dynamicport tcp/);
    expect(text).toMatch(/TcpTimedWaitDelay/);
    expect(text).not.toMatch(/tcp_tw_reuse|tcp_tw_recycle|ip_local_reserved_ports|IP_BIND_ADDRESS_NO_PORT|tcp_max_tw_buckets/);
    expect(a.myths.map((m) => m.name)).toEqual(['MaxUserPort']);
  });

  it('macOS: portrange and msl, and says the Linux myths do not apply', () => {
    const a = advise(sample(0, { source: 'netstat-darwin', limits: { ip_local_port_range: [49152, 65535], ephemeral_ports: 16384, time_wait_seconds: 30 } }));
    const text = adviceText(a).join('\n');
    expect(text).toMatch(/net\.inet\.ip\.portrange\.first/);
    expect(text).toMatch(/net\.inet\.tcp\.msl/);
    expect(text).toMatch(/do not apply to this system/);
    expect(text).not.toMatch(/tcp_tw_reuse=|sysctl\.conf/);
  });

  it('Linux keeps its remedies and myths', () => {
    const a = advise(sample(0, { source: 'procfs', limits: {} }));
    expect(a.myths.map((m) => m.name)).toContain('tcp_tw_recycle');
    expect(a.remedies.map((r) => r.name)).toContain('tcp_tw_reuse=1 on clients');
  });
});
