import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, FORMATS, formatByName } from '../../src/parse/formats.js';
import { parseNetstatLinux } from '../../src/parse/netstat-linux.js';
import { parseProcNetTcp } from '../../src/parse/proc-net-tcp.js';
import { parseSs } from '../../src/parse/ss.js';
import type { TcpRow } from '../../src/types.js';

const dir = new URL('../../fixtures/linux/states/', import.meta.url);
const text = (p: string) => readFileSync(new URL(p, dir), 'latin1');

/** A sorted list of "state family local:port remote:port": the whole content, order-free. */
const content = (rows: TcpRow[]) => rows.map((r) => `${r.state} v${r.family} ${r.local}:${r.localPort} ${r.remote}:${r.remotePort}`).sort();

describe('captures of the same moment agree (fixtures/linux/states)', () => {
  const proc = parseProcNetTcp(text('proc/net/tcp') + text('proc/net/tcp6'));
  it.each([
    ['ss-tan.txt', parseSs],
    ['ss-tanp.txt', parseSs],
    ['netstat-ant.txt', parseNetstatLinux],
    ['netstat-antp.txt', parseNetstatLinux],
  ] as const)('%s has exactly the rows of /proc/net/tcp{,6}', (file, parse) => {
    const r = parse(text(file));
    expect(r.unparsed).toEqual({ count: 0, examples: [] });
    // ss prints a dual-stack wildcard listener as "*", /proc as "::": the same socket
    const norm = (rows: TcpRow[]) => content(rows.map((x) => ({ ...x, local: x.local === '*' ? '::' : x.local, remote: x.remote === '*' ? '::' : x.remote })));
    expect(norm(r.rows)).toEqual(norm(proc.rows));
  });

  it('ss -tanp and netstat -antp carry the owning process', () => {
    const ss = parseSs(text('ss-tanp.txt')).rows.filter((r) => r.state === 'LISTEN');
    expect(ss).toHaveLength(8);
    expect(ss.every((r) => r.process === 'node' && (r.pid ?? 0) > 0)).toBe(true);
    const ns = parseNetstatLinux(text('netstat-antp.txt')).rows;
    const nsTimeWait = ns.filter((r) => r.state === 'TIME_WAIT');
    const nsListen = ns.filter((r) => r.state === 'LISTEN');
    expect([nsTimeWait.length, nsListen.length]).toEqual([6, 8]);
    expect(nsTimeWait.every((r) => r.pid === undefined)).toBe(true);
    expect(nsListen.every((r) => r.process === 'node')).toBe(true);
  });
});

describe('format detection', () => {
  it.each([
    ['proc/net/tcp', 'proc'],
    ['proc/net/tcp6', 'proc'],
    ['ss-tan.txt', 'ss'],
    ['ss-tanp.txt', 'ss'],
    ['netstat-ant.txt', 'netstat-linux'],
    ['netstat-antp.txt', 'netstat-linux'],
  ])('%s is %s', (file, name) => {
    expect(detectFormat(text(file))?.name).toBe(name);
  });

  it('ss without its header (-H) and with CRLF line ends is still ss', () => {
    const body = text('ss-tan.txt').split('\n').slice(1).join('\r\n');
    expect(detectFormat(body)?.name).toBe('ss');
    expect(parseSs(body).unparsed.count).toBe(0);
  });

  it('text of no known format is detected as none', () => {
    expect(detectFormat('hello\nworld\n')).toBeUndefined();
    expect(detectFormat('')).toBeUndefined();
  });

  it('every format has a name and a description', () => {
    for (const f of FORMATS) expect(formatByName(f.name)).toBe(f);
  });
});

describe('malformed ss and netstat lines: one per field, each with its kind', () => {
  const ss = 'ESTAB      0      0               127.0.0.1:8080           127.0.0.1:59386';
  const ns = 'tcp        0      0 127.0.0.1:9996          127.0.0.1:50000         ESTABLISHED 2576/node';
  const cases: Array<[string, (t: string) => { unparsed: { count: number; examples: Array<{ kind: string }> }; rows: unknown[] }, string, string]> = [
    ['ss: unknown state', parseSs, ss.replace('ESTAB', 'WEIRD'), 'state'],
    ['ss: too few columns', parseSs, 'ESTAB 0 0 127.0.0.1:8080', 'columns'],
    ['ss: queue not a number', parseSs, ss.replace('0      0 ', 'x      0 '), 'number'],
    ['ss: port a service name /etc/services lacks', parseSs, ss.replace(':8080', ':my-inhouse-svc'), 'port'],
    ['ss: address not an address', parseSs, ss.replace('127.0.0.1:8080', '127.0.0.1.5:8080'), 'address'],
    ['ss: binary', parseSs, '\u0001\u0002 ESTAB', 'binary'],
    ['netstat: unknown protocol', parseNetstatLinux, ns.replace('tcp ', 'xyz '), 'columns'],
    ['netstat: unknown state', parseNetstatLinux, ns.replace('ESTABLISHED', 'ESTABLISHEDX'), 'state'],
    ['netstat: too few columns', parseNetstatLinux, 'tcp 0 0 127.0.0.1:9996', 'columns'],
    ['netstat: queue not a number', parseNetstatLinux, ns.replace('0      0 ', '0      y '), 'number'],
    ['netstat: port a service name /etc/services lacks', parseNetstatLinux, ns.replace(':50000', ':my-inhouse-svc'), 'port'],
    ['netstat: over-long line', parseNetstatLinux, ns + ' x'.repeat(3000), 'too-long'],
  ];
  it.each(cases)('%s', (_name, parse, line, kind) => {
    const r = parse(`${line}\n`);
    expect(r.unparsed.count).toBe(1);
    expect(r.unparsed.examples[0]?.kind).toBe(kind);
    expect(r.rows).toHaveLength(0);
  });

  it('UDP rows and other netids are counted as other protocols, not as unparsed', () => {
    const r = parseSs('Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\nudp UNCONN 0 0 0.0.0.0:68 0.0.0.0:*\ntcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n');
    expect(r.ignored['other-protocol']).toBe(1);
    expect(r.rows).toHaveLength(1);
    expect(r.unparsed.count).toBe(0);
  });

  it('ss zones and brackets: 127.0.0.53%lo, [fe80::1]%eth0, [::ffff:10.0.0.1]', () => {
    const r = parseSs('LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*\nESTAB 0 0 [fe80::1]%eth0:22 [fe80::2]%eth0:50000\nESTAB 0 0 [::ffff:10.0.0.1]:443 [::ffff:10.0.0.2]:50000\n');
    expect(r.unparsed.count).toBe(0);
    expect(r.rows.map((x) => [x.local, x.localPort, x.family])).toEqual([
      ['127.0.0.53', 53, 4],
      ['fe80::1', 22, 6],
      ['10.0.0.1', 443, 6],
    ]);
  });
});

describe('ss before iproute2 4.x (CentOS 7 era): unbracketed IPv6, `*` for the IPv4 wildcard', () => {
  // the layout of `ss -tan` on CentOS 7 (iproute 3.10), as its users posted it
  const old = [
    'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port',
    'LISTEN     0      128          *:22                       *:*',
    'LISTEN     0      100    127.0.0.1:25                       *:*',
    'ESTAB      0      0      10.0.2.15:22                 10.0.2.2:52134',
    'LISTEN     0      128         :::22                      :::*',
    'LISTEN     0      100        ::1:25                      :::*',
    'TIME-WAIT  0      0      ::ffff:127.0.0.1:8080          ::ffff:127.0.0.1:41000',
  ].join('\n');

  it('counts every family right', () => {
    const r = parseSs(old);
    expect(r.unparsed.count).toBe(0);
    expect(r.rows.map((x) => `${x.state} v${x.family} ${x.local}:${x.localPort}`)).toEqual([
      'LISTEN v4 *:22',
      'LISTEN v4 127.0.0.1:25',
      'ESTABLISHED v4 10.0.2.15:22',
      'LISTEN v6 :::22',
      'LISTEN v6 ::1:25',
      'TIME_WAIT v6 127.0.0.1:8080',
    ]);
  });

  it('newer ss keeps `*` for dual-stack IPv6 listeners', () => {
    const r = parseSs(text('ss-tan.txt'));
    const star = r.rows.filter((x) => x.local === '*');
    expect(star.length).toBeGreaterThan(0);
    expect(star.every((x) => x.family === 6)).toBe(true);
  });
});
