import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetstatDarwin } from '../../src/parse/netstat-darwin.js';
import type { TcpRow } from '../../src/types.js';

const fx = (name: string) => readFileSync(new URL(`../../fixtures/darwin/${name}`, import.meta.url), 'utf8');

function count(rows: TcpRow[], key: (r: TcpRow) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

// Expected numbers were counted in the files with grep (fixtures/darwin/README.md says what each is).
const CASES: Array<{ file: string; states: Record<string, number>; families: Record<string, number>; pids: number; truncated: number }> = [
  { file: 'netstat-anv-listen.txt', states: { LISTEN: 21 }, families: { 4: 9, 6: 12 }, pids: 21, truncated: 6 },
  { file: 'netstat-anv-tcp-macos26.txt', states: { ESTABLISHED: 1, LISTEN: 4 }, families: { 4: 2, 6: 3 }, pids: 5, truncated: 0 },
  { file: 'netstat-vnp-tcp-mojave.txt', states: { ESTABLISHED: 5, CLOSE_WAIT: 2 }, families: { 4: 7 }, pids: 7, truncated: 0 },
  { file: 'netstat-an-halfclose.txt', states: { CLOSE_WAIT: 1, FIN_WAIT2: 1, LISTEN: 1 }, families: { 4: 2, 6: 1 }, pids: 0, truncated: 0 },
  { file: 'netstat-an-timewait.txt', states: { LISTEN: 1, TIME_WAIT: 1 }, families: { 4: 1, 6: 1 }, pids: 0, truncated: 0 },
];

describe('parseNetstatDarwin over real captures', () => {
  for (const c of CASES) {
    it(`${c.file}: every row, under our state names`, () => {
      const r = parseNetstatDarwin(fx(c.file));
      expect(count(r.rows, (x) => x.state)).toEqual(c.states);
      expect(count(r.rows, (x) => String(x.family))).toEqual(c.families);
      expect(r.rows.filter((x) => x.pid !== undefined).length).toBe(c.pids);
      expect(r.unparsed.count).toBe(0);
      expect(r.ignored['other-protocol']).toBe(0);
      expect(r.warnings).toEqual(c.truncated ? [`${c.truncated} IPv6 address(es) cut short by netstat's column width (run netstat with -W for whole addresses)`] : []);
    });
  }

  it('splits address and port at the last dot; Recv-Q, wildcards and the -v PID column', () => {
    const mojave = parseNetstatDarwin(fx('netstat-vnp-tcp-mojave.txt')).rows;
    expect(mojave).toContainEqual({ family: 4, local: '192.168.1.191', localPort: 52040, remote: '140.82.114.4', remotePort: 443, state: 'CLOSE_WAIT', rxQueue: 24, txQueue: 0, pid: 9811 });
    const listen = parseNetstatDarwin(fx('netstat-anv-listen.txt')).rows;
    expect(listen).toContainEqual({ family: 6, local: '::1', localPort: 631, remote: '::', remotePort: 0, state: 'LISTEN', rxQueue: 0, txQueue: 0, pid: 26008 });
    // tcp4 and tcp6 listeners on *.22 are two sockets, one per family
    expect(listen.filter((x) => x.localPort === 22).map((x) => [x.family, x.local])).toEqual([
      [4, '0.0.0.0'],
      [6, '::'],
    ]);
    // a column-cut IPv6 address is kept as printed, port intact
    expect(listen).toContainEqual(expect.objectContaining({ local: 'fe80::aede:48ff:', localPort: 49159 }));
    // macOS 26 -v: the PID is in `name:pid`, whatever the name (dots, spaces); never rhiwat or shiwat
    const m26 = parseNetstatDarwin(fx('netstat-anv-tcp-macos26.txt')).rows;
    expect(m26.map((x) => x.pid)).toEqual([4976, 53082, 1039, 1232, 910]);
    expect(m26[0]).toEqual({ family: 4, local: '100.71.48.2', localPort: 22, remote: '100.78.88.70', remotePort: 33556, state: 'ESTABLISHED', rxQueue: 0, txQueue: 168, pid: 4976 });
    const spaced = m26[1] as TcpRow;
    const line = fx('netstat-anv-tcp-macos26.txt').split('\n')[3] as string;
    expect(parseNetstatDarwin(line.replace('            node:53082', 'Code Helper (Plu:84517')).rows[0]).toEqual({ ...spaced, pid: 84517 });
    // a -v layout we have no real sample of gives no PID rather than a guessed column
    expect(parseNetstatDarwin(line.replace('node:53082', '53082')).rows[0]?.pid).toBeUndefined();
    const half = parseNetstatDarwin(fx('netstat-an-halfclose.txt')).rows;
    expect(half[2]).toEqual({ family: 6, local: '::', localPort: 12345, remote: '::', remotePort: 0, state: 'LISTEN', rxQueue: 0, txQueue: 0 });
  });

  it('reads BSD state names and counts an unknown one under its own name, reported', () => {
    const row = (state: string) => `tcp4       0      0  127.0.0.1.12345        127.0.0.1.62965        ${state}`;
    const r = parseNetstatDarwin(['SYN_RCVD', 'FIN_WAIT_1', 'CLOSED', 'LAST_ACK', 'CLOSING', 'SYN_SENT', 'WEIRD'].map(row).join('\n'));
    expect(r.rows.map((x) => x.state)).toEqual(['SYN_RECV', 'FIN_WAIT1', 'CLOSE', 'LAST_ACK', 'CLOSING', 'SYN_SENT', 'WEIRD']);
    expect(r.warnings).toEqual(['unknown state name(s) counted under their own names: "WEIRD" (1)']);
  });
});

describe('netstat-darwin: malformed rows, one per field, each with its kind', () => {
  const GOOD = 'tcp4       0      0  127.0.0.1.62965        127.0.0.1.12345        FIN_WAIT_2';
  it('the good row parses', () => {
    expect(parseNetstatDarwin(GOOD).rows).toHaveLength(1);
  });
  it.each([
    ['unknown protocol', GOOD.replace('tcp4 ', 'tcp9 '), 'columns'],
    ['no state', GOOD.replace(' FIN_WAIT_2', ''), 'columns'],
    ['Recv-Q not a number', GOOD.replace('tcp4       0', 'tcp4       x'), 'number'],
    ['Send-Q not a number', GOOD.replace('0      0  ', '0      -  '), 'number'],
    ['local address without port', GOOD.replace('127.0.0.1.62965', '127.0.0.1'), 'address'],
    ['port too large', GOOD.replace('.12345 ', '.99999 '), 'address'],
    ['a host that is no host name', GOOD.replace('127.0.0.1.12345', 'local_host!.http'), 'address'],
  ])('%s', (_what, line, kind) => {
    const r = parseNetstatDarwin(`${GOOD}\n${line}`);
    expect(r.rows).toHaveLength(1);
    expect(r.unparsed.examples.map((e) => [e.line, e.kind])).toEqual([[2, kind]]);
  });
  it('netstat without -n: a host name stays the address, a service name reads as its port', () => {
    const r = parseNetstatDarwin(GOOD.replace('127.0.0.1.12345', 'localhost.http').replace('127.0.0.1.62965', 'mbp-of-ana.local.62965'));
    expect(r.unparsed.count).toBe(0);
    expect(r.rows[0]).toMatchObject({ family: 4, local: 'mbp-of-ana.local', localPort: 62965, remote: 'localhost', remotePort: 80 });
  });
  it('UDP and headers are passed over, not unparsed', () => {
    const r = parseNetstatDarwin(`Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n${GOOD}\nudp4       0      0  *.5353                 *.*`);
    expect([r.rows.length, r.ignored['other-protocol'], r.unparsed.count]).toEqual([1, 1, 0]);
  });
});
