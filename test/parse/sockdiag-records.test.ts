import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyIgnored } from '../../src/parse/accounting.js';
import { parseProcNetTcp } from '../../src/parse/proc-net-tcp.js';
import { kernelStateMask, parseSockdiagRecords, SockdiagRecordParser, SOCKDIAG_RECORD_SIZE, stateCountsFromKernel } from '../../src/parse/sockdiag-records.js';
import { stateFromName, TCP_STATES } from '../../src/states.js';
import type { TcpRow } from '../../src/types.js';

const fx = (p: string) => readFileSync(new URL(`../../fixtures/linux/sockdiag/${p}`, import.meta.url));
/** what identifies a socket, and what both interfaces report the same way */
const key = (r: TcpRow) => [r.family, r.state, r.local, r.localPort, r.remote, r.remotePort, r.inode, r.uid, r.timer].join(' ');
const sorted = (rows: TcpRow[]) => rows.map(key).sort();

describe('parseSockdiagRecords over a real dump (fixtures/linux/sockdiag)', () => {
  const v4 = parseSockdiagRecords(fx('sockdiag-tcp4.bin'));
  const v6 = parseSockdiagRecords(fx('sockdiag-tcp6.bin'));

  it('reads every record and nothing else', () => {
    expect(v4.unparsed.count).toBe(0);
    expect(v6.unparsed.count).toBe(0);
    expect(v4.rows.length).toBe(fx('sockdiag-tcp4.bin').length / SOCKDIAG_RECORD_SIZE);
    expect(v6.rows.length).toBe(fx('sockdiag-tcp6.bin').length / SOCKDIAG_RECORD_SIZE);
  });

  it('gives the same sockets as /proc/net/tcp{,6} captured at the same moment', () => {
    expect(sorted(v4.rows)).toEqual(sorted(parseProcNetTcp(fx('proc/net/tcp')).rows));
    expect(sorted(v6.rows)).toEqual(sorted(parseProcNetTcp(fx('proc/net/tcp6')).rows));
  });

  it('counts every state as ss -tan did', () => {
    const fromSs: Record<string, number> = {};
    for (const line of fx('ss-tan.txt').toString().trim().split('\n').slice(1)) {
      const st = stateFromName(line.split(/\s+/)[0] ?? '') ?? 'unknown';
      fromSs[st] = (fromSs[st] ?? 0) + 1;
    }
    const fromDump: Record<string, number> = {};
    for (const r of [...v4.rows, ...v6.rows]) fromDump[r.state] = (fromDump[r.state] ?? 0) + 1;
    expect(fromDump).toEqual(fromSs);
    // every state the capture made, including the orphaned FIN_WAIT2 timewait mini-socket
    expect(Object.keys(fromDump).sort()).toEqual(TCP_STATES.filter((s) => s !== 'CLOSE').sort());
  });

  it('reads IPv4-mapped IPv6 as IPv4 in an IPv6 row, and queues, timers, retransmits', () => {
    const mapped = v6.rows.filter((r) => r.local === '127.0.0.1');
    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.every((r) => r.family === 6 && r.localPort === 8443)).toBe(true);
    expect(v6.rows.some((r) => r.local === '::1' && r.state === 'LISTEN' && r.localPort === 8081)).toBe(true);
    const timeWait = v4.rows.filter((x) => x.state === 'TIME_WAIT');
    expect(timeWait).toHaveLength(4);
    for (const r of timeWait) {
      expect(r.timer).toBe(3);
      expect(r.inode).toBe(0);
      expect(r.timerTicks).toBeLessThanOrEqual(6000);
    }
    // SYN_SENT: the SYN is in flight, on the retransmit timer
    const synSent = v4.rows.filter((r) => r.state === 'SYN_SENT');
    expect(synSent.length).toBe(2);
    expect(synSent.every((r) => r.txQueue === 1 && r.timer === 1 && r.retransmits !== undefined)).toBe(true);
  });
});

describe('without detail (the samplers: they only count)', () => {
  it('reads the same sockets, addresses, inodes, timer kinds and queues, leaving uid undefined, and a TIME_WAIT time left', () => {
    for (const f of ['sockdiag-tcp4.bin', 'sockdiag-tcp6.bin']) {
      const rows: TcpRow[] = [];
      const p = new SockdiagRecordParser((r) => rows.push({ ...r }), { detail: false });
      p.push(fx(f));
      const full = parseSockdiagRecords(fx(f)).rows;
      const pick = ({ family, state, local, localPort, remote, remotePort, inode, timer, rxQueue, txQueue }: TcpRow) => ({ family, state, local, localPort, remote, remotePort, inode, timer, rxQueue, txQueue });
      expect(rows.map(pick)).toEqual(full.map(pick));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.txQueue !== undefined && r.uid === undefined)).toBe(true);
      // a TIME_WAIT row keeps its timer (its age, for the rates), the others do not
      expect(rows.map((r) => r.timerTicks)).toEqual(full.map((r) => (r.state === 'TIME_WAIT' ? r.timerTicks : undefined)));
    }
  });
});

describe('malformed records are counted, never misread', () => {
  const good = fx('sockdiag-tcp4.bin').subarray(0, 3 * SOCKDIAG_RECORD_SIZE);
  const withByte = (at: number, v: number) => {
    const b = Buffer.from(good);
    b[SOCKDIAG_RECORD_SIZE + at] = v; // the second record
    return b;
  };

  it.each([
    ['family 5', withByte(0, 5), 'address'],
    ['family 0', withByte(0, 0), 'address'],
    ['state code 0', withByte(1, 0), 'state'],
    ['state code 13 (BOUND_INACTIVE, never in /proc/net/tcp)', withByte(1, 13), 'state'],
    ['state code 255', withByte(1, 255), 'state'],
  ] as const)('%s', (_name, buf, kind) => {
    const r = parseSockdiagRecords(buf);
    expect(r.rows.length).toBe(2);
    expect(r.unparsed.count).toBe(1);
    expect(r.unparsed.examples[0]).toMatchObject({ line: 2, kind });
    expect(r.unparsed.examples[0]?.text).toBe(buf.toString('hex', SOCKDIAG_RECORD_SIZE, 2 * SOCKDIAG_RECORD_SIZE));
  });

  it('a trailing partial record', () => {
    const r = parseSockdiagRecords(good.subarray(0, 2 * SOCKDIAG_RECORD_SIZE + 7));
    expect(r.rows.length).toBe(2);
    expect(r.unparsed).toMatchObject({ count: 1, examples: [{ line: 3, kind: 'columns' }] });
  });

  it('an empty dump is no rows and nothing unparsed', () => {
    expect(parseSockdiagRecords(Buffer.alloc(0))).toEqual({ rows: [], unparsed: { count: 0, examples: [] }, ignored: emptyIgnored(), lines: 0 });
  });
});

describe('kernel state codes', () => {
  it('the filter mask for a few states', () => {
    expect(kernelStateMask(['TIME_WAIT'])).toBe(1 << 6);
    expect(kernelStateMask(['ESTABLISHED', 'LISTEN'])).toBe((1 << 1) | (1 << 10));
    // request socks live under NEW_SYN_RECV (12)
    expect(kernelStateMask(['SYN_RECV'])).toBe((1 << 3) | (1 << 12));
    expect(kernelStateMask(TCP_STATES)).toBe(0x1ffe);
  });

  it('counts per code become counts per state; unknown codes stay apart', () => {
    const byCode = new Array<number>(16).fill(0);
    byCode[1] = 5;
    byCode[6] = 7;
    byCode[13] = 2;
    const { states, unknown } = stateCountsFromKernel(byCode);
    expect(states.ESTABLISHED).toBe(5);
    expect(states.TIME_WAIT).toBe(7);
    expect(unknown).toBe(2);
    expect(Object.values(states).reduce((a, b) => a + b, 0)).toBe(12);
  });
});
