import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalAddress, splitHostPort } from '../../src/addr.js';
import { decodeCapture } from '../../src/parse/decode.js';
import { parseSnmp } from '../../src/parse/proc-snmp.js';
import { parseSockstat } from '../../src/parse/proc-sockstat.js';
import { isEphemeral, parseIntSysctl, parsePortRange, parseReservedPorts, usableEphemeralPorts } from '../../src/parse/sysctl.js';

const fx = (p: string) => readFileSync(new URL(`../../fixtures/linux/states/proc/${p}`, import.meta.url), 'latin1');

describe('sysctl values', () => {
  it.each([
    ['32768\t60999\n', [32768, 60999]],
    ['1024 65535', [1024, 65535]],
    ['60999 32768', undefined],
    ['32768', undefined],
    ['a b', undefined],
    ['1 70000', undefined],
  ])('ip_local_port_range %j -> %j', (text, want) => expect(parsePortRange(text)).toEqual(want));

  it.each([
    ['\n', []],
    ['8080\n', [[8080, 8080]]],
    [
      '8080,9000-9010',
      [
        [8080, 8080],
        [9000, 9010],
      ],
    ],
    ['9010-9000', undefined],
    ['80,x', undefined],
  ])('ip_local_reserved_ports %j -> %j', (text, want) => expect(parseReservedPorts(text)).toEqual(want));

  it('usable ports subtract reserved ports inside the range, merging overlaps', () => {
    expect(usableEphemeralPorts([32768, 60999], [])).toBe(28232);
    expect(usableEphemeralPorts([32768, 60999], [[8080, 8080]])).toBe(28232); // outside
    expect(
      usableEphemeralPorts(
        [32768, 60999],
        [
          [40000, 40009],
          [40005, 40014],
          [32760, 32769],
        ],
      ),
    ).toBe(28232 - 15 - 2);
    expect(usableEphemeralPorts([100, 100], [[100, 100]])).toBe(0);
  });

  it('isEphemeral', () => {
    expect(isEphemeral(40000, [32768, 60999], [[40000, 40000]])).toBe(false);
    expect(isEphemeral(40001, [32768, 60999], [[40000, 40000]])).toBe(true);
    expect(isEphemeral(8080, [32768, 60999], [])).toBe(false);
  });

  it.each([
    ['131072\n', 131072],
    ['-1', -1],
    ['', undefined],
    ['12x', undefined],
    ['99999999999999999999', undefined],
  ])('integer %j -> %j', (text, want) => expect(parseIntSysctl(text)).toBe(want));
});

describe('counters (real files from fixtures/linux/states)', () => {
  it('sockstat and sockstat6', () => {
    expect(parseSockstat(`${fx('net/sockstat')}\n${fx('net/sockstat6')}`)).toEqual({ inuse: 26, orphan: 11, tw: 7, alloc: 41, mem: 39, inuse6: 7 });
  });

  it('snmp Tcp: and netstat TcpExt: by name', () => {
    const tcp = parseSnmp(fx('net/snmp')).Tcp ?? {};
    expect(tcp.MaxConn).toBe(-1);
    expect(tcp.CurrEstab).toBeGreaterThan(0);
    const ext = parseSnmp(fx('net/netstat')).TcpExt ?? {};
    expect(Object.keys(ext).length).toBeGreaterThan(100);
    expect(ext.TCPTimeWaitOverflow).toBe(0);
    expect(ext).toHaveProperty('ListenOverflows');
  });

  it('a header and value line of different lengths is left out, not misread', () => {
    expect(parseSnmp('Tcp: A B C\nTcp: 1 2\n')).toEqual({});
    expect(parseSnmp('')).toEqual({});
  });
});

describe('addresses', () => {
  it.each([
    ['[::ffff:127.0.0.1]', '127.0.0.1'],
    ['::1', '::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['fe80::1%4', 'fe80::1%4'],
    ['256.1.1.1', undefined],
    ['hello', undefined],
  ])('%s -> %s', (text, want) => expect(canonicalAddress(text)).toBe(want));

  it.each([
    ['[::1]:8081', ':', { addr: '::1', port: 8081 }],
    [':::*', ':', { addr: '::', port: 0 }],
    ['0.0.0.0:*', ':', { addr: '0.0.0.0', port: 0 }],
    ['10.0.0.1.443', '.', { addr: '10.0.0.1', port: 443 }],
    ['*.*', '.', { addr: '*', port: 0 }],
    ['127.0.0.1:99999', ':', undefined],
  ] as const)('%s', (text, sep, want) => expect(splitHostPort(text, sep)).toEqual(want));
});

describe('decodeCapture', () => {
  it('UTF-16LE with and without BOM, UTF-8 BOM, CP850 / Latin-1 fallback', () => {
    const s = 'TCP 0.0.0.0:135 0.0.0.0:0 LISTENING 1028\r\n';
    expect(decodeCapture(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]))).toBe(s);
    expect(decodeCapture(Buffer.from(s, 'utf16le'))).toBe(s);
    expect(decodeCapture(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)]))).toBe(s);
    // 0x80-0x9F are letters in a Windows console's OEM code page (CP850 0x99 = Ö), controls in Latin-1
    expect(decodeCapture(Buffer.from([0x41, 0x99, 0x42]))).toBe('AÖB');
    expect(decodeCapture(Buffer.from([0x41, 0xe9, 0x42]))).toBe('AéB');
  });
});
