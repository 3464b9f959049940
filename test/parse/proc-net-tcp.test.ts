import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyIgnored } from '../../src/parse/accounting.js';
import { parseProcNetTcp, ProcNetTcpParser } from '../../src/parse/proc-net-tcp.js';
import type { TcpRow } from '../../src/types.js';

const fx = (p: string) => readFileSync(new URL(`../../fixtures/linux/states/${p}`, import.meta.url));

describe('parseProcNetTcp over a real capture (fixtures/linux/states)', () => {
  const v4 = parseProcNetTcp(fx('proc/net/tcp'));
  const v6 = parseProcNetTcp(fx('proc/net/tcp6'));

  it('reads every row and nothing else', () => {
    expect(v4.unparsed.count).toBe(0);
    expect(v6.unparsed.count).toBe(0);
    const lines = (b: Buffer) => b.toString().trim().split('\n').length - 1;
    expect(v4.rows.length).toBe(lines(fx('proc/net/tcp')));
    expect(v6.rows.length).toBe(lines(fx('proc/net/tcp6')));
  });

  it('decodes little-endian IPv4, IPv6 words and IPv4-mapped IPv6', () => {
    expect(v4.rows).toHaveLength(32);
    expect(v4.rows.every((r) => r.family === 4 && r.local === '127.0.0.1')).toBe(true);
    expect(v6.rows.some((r) => r.local === '::1' && r.localPort === 8081 && r.state === 'LISTEN')).toBe(true);
    expect(v6.rows.some((r) => r.local === '::' && r.localPort === 8443 && r.state === 'LISTEN')).toBe(true);
    const mapped = v6.rows.filter((r) => r.local === '127.0.0.1');
    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.every((r) => r.family === 6 && r.localPort === 8443)).toBe(true);
  });

  it('reads timers, queues and inodes as the kernel documents them', () => {
    const tw = v4.rows.filter((r) => r.state === 'TIME_WAIT');
    expect(tw.length).toBeGreaterThan(0);
    // timewait rows: timer 3, inode 0, time left <= 60 s in clock_t
    for (const r of tw) {
      expect(r.timer).toBe(3);
      expect(r.inode).toBe(0);
      expect(r.timerTicks).toBeLessThanOrEqual(6000);
    }
    const synSent = v4.rows.filter((r) => r.state === 'SYN_SENT');
    expect(synSent).toHaveLength(2);
    expect(synSent.every((r) => r.txQueue === 1)).toBe(true); // the SYN counts one
    const closeWait = v4.rows.filter((r) => r.state === 'CLOSE_WAIT');
    // a full socket the app still holds: it has an inode (Node already read the EOF, so rx is 0)
    expect(closeWait.length).toBe(3);
    expect(closeWait.every((r) => (r.inode ?? 0) > 0 && r.localPort === 8082)).toBe(true);
    const synRecv = v4.rows.filter((r) => r.state === 'SYN_RECV');
    expect(synRecv.length).toBe(1);
    expect(synRecv[0]?.inode).toBe(0);
  });

  it('parses lines split across any chunk boundary the same way', () => {
    const whole = fx('proc/net/tcp');
    for (const size of [1, 7, 150, 4050]) {
      const rows: TcpRow[] = [];
      const p = new ProcNetTcpParser((r) => rows.push({ ...r }));
      for (let i = 0; i < whole.length; i += size) p.push(whole.subarray(i, i + size));
      p.end();
      expect(rows).toEqual(v4.rows);
      expect(p.unparsed.count).toBe(0);
    }
  });
});

const GOOD = '   1: 0100007F:1F90 0100007F:9930 01 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 20 4 30 10 -1';
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

describe('malformed rows: one per field, each with its kind', () => {
  const cases: Array<[string, string, string]> = [
    ['truncated after the state', GOOD.slice(0, GOOD.indexOf(' 01 ') + 3), 'columns'],
    ['truncated inside a field', GOOD.slice(0, 47), 'number'],
    ['no row counter colon', GOOD.replace('1:', '1 '), 'columns'],
    ['local address not hex', GOOD.replace('0100007F:1F90', '0100007G:1F90'), 'address'],
    ['local address of 7 digits', GOOD.replace('0100007F:1F90', '100007F:1F90'), 'address'],
    ['v4 local with v6 remote', GOOD.replace('0100007F:9930', '00000000000000000000000001000000:9930'), 'address'],
    ['port of 3 digits', GOOD.replace(':1F90', ':F90'), 'port'],
    ['port not hex', GOOD.replace(':1F90', ':1F9Z'), 'port'],
    ['state 0E (unknown)', GOOD.replace(' 01 ', ' 0E '), 'state'],
    ['state of 3 digits', GOOD.replace(' 01 ', ' 001 '), 'state'],
    ['queue not hex', GOOD.replace('00000000:00000000 00:', '0000000X:00000000 00:'), 'number'],
    ['timer without colon', GOOD.replace('00:00000000', '0000000000'), 'number'],
    ['uid not a number', GOOD.replace('     0        0 12345', '     x        0 12345'), 'number'],
    ['inode missing', GOOD.replace(/ 12345 .*$/, ''), 'columns'],
    ['binary garbage', '\u0000\u0001\u00ff\u00fe garbage', 'binary'],
    ['over-long line', GOOD + ' 0'.repeat(3000), 'too-long'],
  ];
  it.each(cases)('%s -> %s', (_name, line, kind) => {
    const r = parseProcNetTcp(Buffer.from(`${HEADER}\n${line}\n${GOOD}\n`, 'latin1'));
    expect(r.unparsed.count).toBe(1);
    expect(r.unparsed.examples[0]?.kind).toBe(kind);
    expect(r.unparsed.examples[0]?.line).toBe(2);
    expect(r.rows).toHaveLength(1); // the good row after it still counts
  });

  it('accepts extra columns, CRLF and a missing final newline', () => {
    const r = parseProcNetTcp(`${HEADER}\r\n${GOOD} extra cols\r\n${GOOD.replace(':9930', ':9931')}`);
    expect(r.unparsed.count).toBe(0);
    expect(r.rows.map((x) => x.remotePort)).toEqual([0x9930, 0x9931]);
  });

  it('rows in the kernel layout (read at fixed offsets) come out as the general reader reads them', () => {
    // tabs for spaces: the fixed-offset reader declines every row, the general one reads them all
    for (const f of ['proc/net/tcp', 'proc/net/tcp6']) {
      const text = fx(f).toString('latin1');
      const fast = parseProcNetTcp(text);
      const general = parseProcNetTcp(text.replace(/ /g, '\t'));
      expect(general.unparsed.count).toBe(0);
      expect(fast.rows.length).toBeGreaterThan(0);
      expect(fast.rows).toEqual(general.rows);
      // lower-case hex, as a hand-made capture may have it, reads the same too
      expect(parseProcNetTcp(text.toLowerCase().replace(/^\s*sl\s.*$/m, '')).rows).toEqual(fast.rows);
    }
  });

  it('an empty input has no rows and nothing unparsed', () => {
    expect(parseProcNetTcp('')).toEqual({ rows: [], unparsed: { count: 0, examples: [] }, ignored: emptyIgnored(), lines: 0 });
  });

  it('an over-long line split over chunks is reported once, and the next line still parses', () => {
    const rows: TcpRow[] = [];
    const p = new ProcNetTcpParser((r) => rows.push({ ...r }));
    p.push(Buffer.from('x'.repeat(3000)));
    p.push(Buffer.from('y'.repeat(3000)));
    p.push(Buffer.from(`zzz\n${GOOD}\n`));
    p.end();
    expect(p.unparsed.count).toBe(1);
    expect(p.unparsed.examples[0]?.kind).toBe('too-long');
    expect(rows).toHaveLength(1);
  });
});

describe('without detail (the live source: it only counts)', () => {
  const lean = (text: Buffer | string) => {
    const rows: TcpRow[] = [];
    const p = new ProcNetTcpParser((r) => rows.push({ ...r }), { detail: false });
    p.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
    p.end();
    return { rows, unparsed: p.unparsed };
  };
  // a TIME_WAIT row keeps its timer's time left: its age, which the rates need
  const drop = ({ timer, timerTicks, retransmits, ...rest }: TcpRow) => ({ ...rest, timerTicks: rest.state === 'TIME_WAIT' ? timerTicks : undefined });

  it('reads the same sockets and queues (summed for node_exporter) as the full parse, with timers left undefined but a TIME_WAIT row time left', () => {
    for (const f of ['proc/net/tcp', 'proc/net/tcp6']) {
      const full = parseProcNetTcp(fx(f));
      const rows = lean(fx(f)).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBe(full.rows.length);
      expect(rows).toEqual(full.rows.map(drop));
      expect(rows.every((r) => r.txQueue !== undefined && r.rxQueue !== undefined && r.timer === undefined)).toBe(true);
      expect(rows.some((r) => r.state === 'TIME_WAIT' && (r.timerTicks ?? 0) > 0)).toBe(true);
    }
  });

  it('still refuses a row whose queue or timer columns are out of the kernel layout', () => {
    // a missing ':' between the queues, and a timer column one digit short
    const broken = [GOOD.replace('00000000:00000000', '00000000 00000000'), GOOD.replace(' 00:00000000 ', ' 0:00000000 ')];
    for (const line of broken) {
      const r = lean(`${line}\n${GOOD}\n`);
      expect(r.rows).toHaveLength(1);
      expect(r.unparsed.count).toBe(1);
    }
  });

  it('a row the general reader takes leaves no queue values of its own behind for the next fast row', () => {
    // a hand-made capture with lower-case hex and extra spaces goes through the general reader
    const odd = GOOD.replace('01 00000000:00000000', '01  00000001:00000002').toLowerCase();
    const r = lean(`${odd}\n${GOOD}\n`);
    expect(r.unparsed.count).toBe(0);
    expect(r.rows).toHaveLength(2);
    expect(r.rows.map((x) => [x.txQueue, x.rxQueue])).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });
});
