import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCodePage, parseChcp } from '../../src/parse/decode.js';
import { parseNetshDynamicPort } from '../../src/parse/netsh-dynamicport.js';
import { parseRegDword } from '../../src/parse/reg-query.js';
import { darwinLimits, parseSysctlDarwin } from '../../src/parse/sysctl-darwin.js';
import { resolveSource } from '../../src/source/index.js';
import { windowsLimits } from '../../src/source/windows-limits.js';

const fx = (rel: string) => readFileSync(new URL(`../../fixtures/${rel}`, import.meta.url), 'utf8');

describe('parseNetshDynamicPort', () => {
  it.each([
    ['windows/netsh-dynamicport-en.txt', [49152, 65535]],
    ['windows/netsh-dynamicport-fr.txt', [49152, 65535]],
  ])('%s (real output) -> %j', (file, want) => {
    expect(parseNetshDynamicPort(fx(file))).toEqual(want);
    expect(parseNetshDynamicPort(fx(file).replaceAll('\n', '\r\n'))).toEqual(want);
  });
  it.each([
    ['a count past 65535', (t: string) => t.replace('16384', '16385')],
    ['the count missing', (t: string) => t.replace(/Number of Ports.*\n/, '')],
    ['a start of 0', (t: string) => t.replace(': 49152', ': 0')],
    ['an error message instead', () => 'The requested operation requires elevation (Run as administrator).'],
  ])('%s -> undefined', (_what, change) => {
    expect(parseNetshDynamicPort(change(fx('windows/netsh-dynamicport-en.txt')))).toBeUndefined();
  });
});

describe('parseRegDword', () => {
  // the value line as a batch file's comment quotes it (stored-file id 48067513149, see fixtures/windows/README.md)
  const present = '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\r\n    TcpTimedWaitDelay    REG_DWORD    0x1e\r\n\r\n';
  it('reads the hex DWORD of the named value, case-insensitively', () => {
    expect(parseRegDword(present, 'TcpTimedWaitDelay')).toBe(30);
    expect(parseRegDword(present, 'tcptimedwaitdelay')).toBe(30);
  });
  it.each([
    ['another value', present, 'MaxUserPort'],
    ['reg\'s "not found" message (real)', fx('windows/reg-query-missing.txt'), 'TcpTimedWaitDelay'],
    ['a REG_SZ', present.replace('REG_DWORD    0x1e', 'REG_SZ    30'), 'TcpTimedWaitDelay'],
    ['a value that is not hex', present.replace('0x1e', '0xZZ'), 'TcpTimedWaitDelay'],
  ])('%s -> undefined', (_what, text, name) => expect(parseRegDword(text, name)).toBeUndefined());
});

describe('sysctl (macOS)', () => {
  it('the real `sysctl net` capture gives 49152-65535 and TIME_WAIT = 2 x 15000 ms = 30 s', () => {
    const values = parseSysctlDarwin(fx('darwin/sysctl-net.txt'));
    expect(values.get('net.inet.ip.portrange.hifirst')).toBe(49152);
    expect(darwinLimits(values)).toEqual({ range: [49152, 65535], timeWaitSeconds: 30 });
  });
  it.each([
    ['first above last', 'net.inet.ip.portrange.first: 65535\nnet.inet.ip.portrange.last: 49152\nnet.inet.tcp.msl: 30000', { timeWaitSeconds: 60 }],
    ['a value that is not a number', 'net.inet.ip.portrange.first: lots\nnet.inet.ip.portrange.last: 65535\nnet.inet.tcp.msl: 0', {}],
    ['nothing known', "sysctl: unknown oid 'net.inet.tcp.msl'", {}],
  ])('%s: only what is readable', (_what, text, want) => expect(darwinLimits(parseSysctlDarwin(text))).toEqual(want));
});

describe('code pages', () => {
  it('chcp in any language: the number on the first line', () => {
    expect(parseChcp(fx('windows/chcp-850.txt'))).toBe(850);
    expect(parseChcp('Aktive Codepage: 850.\r\n')).toBe(850);
    expect(parseChcp('')).toBeUndefined();
  });
  it.each([
    [850, [0x41, 0x42, 0x48, 0x99, 0x52, 0x45, 0x4e], 'ABHÖREN'],
    [437, [0x82, 0x74, 0x61, 0x74], 'état'],
    [65001, [0xc3, 0x89, 0x74, 0x61, 0x74], 'État'],
    [936, [0xbb, 0xee, 0xb6, 0xaf], '活动'],
    [932, [0x83, 0x76], 'プ'],
    [866, [0x8f, 0xe0], 'Пр'],
    [1252, [0xc9, 0x74, 0x61, 0x74], 'État'],
  ])('code page %i', (cp, bytes, want) => expect(decodeCodePage(Uint8Array.from(bytes), cp)).toBe(want));
});

describe('windowsLimits', () => {
  it('netsh range and a set TcpTimedWaitDelay are used as they are, without a warning', () => {
    const w: string[] = [];
    expect(windowsLimits({ ipv4Range: [49152, 65535], ipv6Range: [49152, 65535], timedWaitDelay: 30 }, w)).toEqual({
      ip_local_port_range: [49152, 65535],
      ephemeral_ports: 16384,
      time_wait_seconds: 30,
    });
    expect(w).toEqual([]);
  });
  it('TcpTimedWaitDelay unset: 120 s, and the assumption is reported', () => {
    const w: string[] = [];
    expect(windowsLimits({ ipv4Range: [49152, 65535] }, w).time_wait_seconds).toBe(120);
    expect(w).toEqual(['TcpTimedWaitDelay is not set: TIME_WAIT lasts the OS default, 120 s assumed (documented as 120 s; some Microsoft guides say 240 s)']);
  });
  it('no netsh answer: 1025..MaxUserPort (pre-Vista) when set, else no range at all, each reported', () => {
    const w: string[] = [];
    expect(windowsLimits({ maxUserPort: 5000, timedWaitDelay: 60 }, w)).toEqual({ ip_local_port_range: [1025, 5000], ephemeral_ports: 3976, time_wait_seconds: 60 });
    expect(windowsLimits({ timedWaitDelay: 60 }, w)).toEqual({ time_wait_seconds: 60 });
    expect(w).toEqual(['no dynamic port range from netsh: using 1025-5000 from MaxUserPort (pre-Vista)', 'no dynamic port range from netsh and no MaxUserPort: ephemeral port range unknown']);
  });
  it('an IPv6 range different from the IPv4 one is reported', () => {
    const w: string[] = [];
    windowsLimits({ ipv4Range: [49152, 65535], ipv6Range: [10000, 65535], timedWaitDelay: 60 }, w);
    expect(w).toEqual(['the IPv6 dynamic port range 10000-65535 differs from the IPv4 one 49152-65535 shown']);
  });
});

describe('resolveSource', () => {
  it.each([
    ['auto', 'win32', undefined, 'windows'],
    ['auto', 'darwin', undefined, 'darwin'],
    ['auto', 'freebsd', undefined, 'darwin'],
    ['auto', 'linux', undefined, 'linux'],
    ['auto', 'win32', '/mnt/proc', 'linux'],
    ['windows', 'linux', undefined, 'windows'],
  ] as const)('%s on %s (proc root %s) -> %s', (name, platform, root, want) => expect(resolveSource(name, platform, root)).toBe(want));
});
