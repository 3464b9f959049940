// sysctl.conf syntax as procps-ng's sysctl reads it (src/sysctl.c parse_setting_line): one row per
// form, line numbers asserted; bad lines are findings, never exceptions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dottedKey, parseSysctlConf, sysctlPath } from '../../src/parse/sysctl-conf.js';

describe('parseSysctlConf', () => {
  it.each([
    ['net.ipv4.tcp_fin_timeout = 30', { key: 'net.ipv4.tcp_fin_timeout', value: '30', ignoreErrors: false, glob: false }],
    ['net.ipv4.tcp_fin_timeout=30', { key: 'net.ipv4.tcp_fin_timeout', value: '30' }],
    ['   net.ipv4.tcp_fin_timeout\t=\t30   ', { key: 'net.ipv4.tcp_fin_timeout', value: '30' }],
    ['-net.ipv4.tcp_tw_recycle = 0', { key: 'net.ipv4.tcp_tw_recycle', value: '0', ignoreErrors: true }],
    ['- net.ipv4.tcp_tw_recycle = 0', { key: 'net.ipv4.tcp_tw_recycle', ignoreErrors: true }],
    ['net/ipv4/tcp_fin_timeout = 30', { key: 'net.ipv4.tcp_fin_timeout' }],
    // slash form: a dot inside a name (a VLAN interface) stays a dot's counterpart
    ['net/ipv4/conf/eth0.100/rp_filter = 2', { key: 'net.ipv4.conf.eth0/100.rp_filter', value: '2' }],
    ['net.ipv4.tcp_rmem = 4096\t87380    16777216', { key: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' }],
    ['net.ipv4.ip_local_port_range = 1024 65000\r', { value: '1024 65000' }],
    ['net.ipv4.conf.*.rp_filter = 2', { key: 'net.ipv4.conf.*.rp_filter', glob: true }],
    // no comments after a value: the text is the value
    ['net.ipv4.tcp_syncookies = 1 # on', { value: '1 # on' }],
    ['kernel.core_pattern = |/usr/lib/systemd/systemd-coredump %P', { key: 'kernel.core_pattern', value: '|/usr/lib/systemd/systemd-coredump %P' }],
    ['net.ipv4.tcp_rmem = "4096 87380 4194304"', { value: '"4096 87380 4194304"' }],
    ['net.core.somaxconn =', { value: '' }],
  ])('%j', (text, want) => {
    const r = parseSysctlConf(`${text}\n`);
    expect(r.bad).toEqual([]);
    expect(r.settings).toHaveLength(1);
    expect(r.settings[0]).toMatchObject({ line: 1, ...want });
  });

  it.each([
    ['# comment', 0],
    ['; comment', 0],
    ['   # indented comment', 0],
    ['', 0],
    ['   ', 0],
    // sysctl skips lines shorter than two characters
    ['x', 0],
  ])('%j sets nothing and is no error', (text) => {
    expect(parseSysctlConf(`${text}\n`)).toEqual({ settings: [], exclusions: [], bad: [] });
  });

  it('a lone -key excludes it from globs', () => {
    expect(parseSysctlConf('-net.ipv4.conf.lo.rp_filter\n')).toEqual({ settings: [], exclusions: [{ line: 1, key: 'net.ipv4.conf.lo.rp_filter' }], bad: [] });
  });

  it.each([
    ['net.ipv4.tcp_fin_timeout 30', /invalid syntax: no "="/],
    ['sysctl -w net.ipv4.tcp_fin_timeout', /invalid syntax/],
    ['= 30', /no key before "="/],
    ['net.ipv4. tcp_fin_timeout = 30', /holds white space/],
  ])('%j is a bad line with its reason', (text, problem) => {
    const r = parseSysctlConf(`# first\n${text}\n`);
    expect(r.settings).toEqual([]);
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0]).toMatchObject({ line: 2, text: text.trim() });
    expect(r.bad[0]?.problem).toMatch(problem);
  });

  it('counts lines from 1 over blanks, comments, CRLF and a missing final newline', () => {
    const r = parseSysctlConf('# a\r\n\r\nnet.core.somaxconn = 1024\r\n;x\r\nbad line here\r\nvm.swappiness=10');
    expect(r.settings.map((s) => [s.line, s.key, s.value])).toEqual([
      [3, 'net.core.somaxconn', '1024'],
      [6, 'vm.swappiness', '10'],
    ]);
    expect(r.bad.map((b) => b.line)).toEqual([5]);
  });

  it('reads a real sysctl.conf: every setting, on its line (fixtures/sysctl, see fixtures/README.md)', () => {
    const r = parseSysctlConf(readFileSync('fixtures/sysctl/alexitru-sysctl.conf', 'utf8'));
    expect(r.bad).toEqual([]);
    expect(r.settings).toHaveLength(21);
    expect(r.settings.slice(0, 4).map((s) => [s.line, s.key])).toEqual([
      [2, 'net.ipv4.ip_forward'],
      [5, 'net.ipv4.conf.all.rp_filter'],
      [8, 'net.ipv4.tcp_syncookies'],
      [11, 'net.ipv4.tcp_syncookies'],
    ]);
    expect(r.settings.at(-1)).toMatchObject({ line: 52, key: 'net.ipv4.udp_rmem_min', value: '8192' });
  });

  it('dottedKey and sysctlPath are inverse', () => {
    for (const k of ['net.ipv4.tcp_fin_timeout', 'net.ipv4.conf.eth0/100.rp_filter']) expect(dottedKey(sysctlPath(k))).toBe(k);
    expect(sysctlPath('net.ipv4.conf.eth0/100.rp_filter')).toBe('net/ipv4/conf/eth0.100/rp_filter');
  });
});
