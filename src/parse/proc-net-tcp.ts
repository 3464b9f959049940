import { stateFromKernelCode } from '../states.js';
import type { TcpRow, Unparsed, UnparsedKind } from '../types.js';
import { AddressNames } from './address-names.js';
import { reusableRow, type RowParserOptions } from './reusable-row.js';
import { emptyUnparsed, recordUnparsed } from './unparsed.js';

/**
 * Streaming parser for /proc/net/tcp and /proc/net/tcp6 text (both may be concatenated).
 * It works on bytes: no string is made per line, because the file can be 30+ MB at 250k sockets.
 * Each good row is handed to `emit` in one reused object, valid only during the call.
 */
export class ProcNetTcpParser {
  readonly unparsed: Unparsed = emptyUnparsed();
  rows = 0;
  private carry: Buffer | undefined;
  private lineNo = 0;
  private readonly row: TcpRow;
  private readonly detail: boolean;
  // Addresses repeat a great deal (a few local IPs, a few backends): reuse their text.
  private readonly names = new AddressNames();
  private readonly v6Words = new Uint32Array(4);
  private pos = 0;
  /** set after an over-long line was reported, until its newline arrives */
  private skipping = false;

  constructor(
    private readonly emit: (row: TcpRow) => void,
    opts: RowParserOptions = {},
  ) {
    this.detail = opts.detail ?? true;
    this.row = reusableRow(opts);
  }

  /** Feeds the next chunk; lines may be split across chunks. */
  push(chunk: Buffer): void {
    let buf = chunk;
    let start = 0;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        if (this.carry.length > MAX_LINE) this.flushTooLong();
        return;
      }
      buf = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
      this.carry = undefined;
      this.line(buf, 0, buf.length - 1);
      buf = chunk;
      start = nl + 1;
    }
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      this.line(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) {
      this.carry = Buffer.from(buf.subarray(start));
      if (this.carry.length > MAX_LINE) this.flushTooLong();
    }
  }

  /** Ends the input: a last line without a newline is parsed too. */
  end(): void {
    if (this.carry) {
      const c = this.carry;
      this.carry = undefined;
      this.line(c, 0, c.length);
    }
  }

  private flushTooLong(): void {
    const c = this.carry as Buffer;
    this.lineNo++;
    recordUnparsed(this.unparsed, this.lineNo, 'too-long', c.toString('latin1', 0, 80));
    // skip to the end of this over-long line: keep nothing until the next newline
    this.carry = Buffer.alloc(0);
    this.skipping = true;
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    this.lineNo++;
    if (end - start > MAX_LINE) {
      recordUnparsed(this.unparsed, this.lineNo, 'too-long', buf.toString('latin1', start, start + 80));
      return;
    }
    if (end > start && buf[end - 1] === 13) end--; // CRLF from a capture copied through Windows
    this.pos = start;
    this.skipSpaces(buf, end);
    if (this.pos >= end) return; // blank line
    const at = this.pos;
    let kind: ReturnType<ProcNetTcpParser['parseRow']>;
    if (!this.kernelRow(buf, end)) {
      this.pos = at;
      kind = this.parseRow(buf, end);
    }
    if (kind === undefined) {
      this.rows++;
      this.emit(this.row);
    } else if (kind !== 'header') {
      // only a failed row is searched for binary bytes: a good row's fields were all checked
      const why = hasBinary(buf, start, end) ? 'binary' : kind;
      recordUnparsed(this.unparsed, this.lineNo, why, buf.toString('latin1', start, Math.min(end, start + 200)));
    }
  }

  /**
   * The row exactly as the kernel prints it (get_tcp4_sock / get_tcp6_sock: fixed-width hex
   * fields, one space apart, then space-padded decimals), read at fixed offsets. False on any
   * other shape, leaving the row to parseRow, which accepts more and says what is wrong.
   */
  private kernelRow(buf: Buffer, end: number): boolean {
    let q = this.pos;
    // "sl:" row counter and one space
    while (q < end && (buf[q] as number) - 0x30 >>> 0 <= 9) q++;
    if (q === this.pos || buf[q] !== 0x3a || buf[q + 1] !== 0x20) return false;
    q += 2;
    const row = this.row;
    if (q + 31 <= end && buf[q + 8] === 0x3a) {
      // AAAAAAAA:PPPP AAAAAAAA:PPPP SS
      if (buf[q + 13] !== 0x20 || buf[q + 22] !== 0x3a || buf[q + 27] !== 0x20 || buf[q + 30] !== 0x20) return false;
      const la = hex(buf, q, 8);
      const ra = hex(buf, q + 14, 8);
      if (la < 0 || ra < 0) return false;
      row.family = 4;
      row.local = this.names.v4(la);
      row.remote = this.names.v4(ra);
      q += 9;
    } else if (q + 79 <= end && buf[q + 32] === 0x3a) {
      // 32 hex digits:PPPP, twice, then SS
      if (buf[q + 37] !== 0x20 || buf[q + 70] !== 0x3a || buf[q + 75] !== 0x20 || buf[q + 78] !== 0x20) return false;
      const w = this.v6Words;
      for (let i = 0; i < 4; i++) {
        const v = hex(buf, q + i * 8, 8);
        if (v < 0) return false;
        w[i] = v;
      }
      const local = this.names.v6(w);
      for (let i = 0; i < 4; i++) {
        const v = hex(buf, q + 38 + i * 8, 8);
        if (v < 0) return false;
        w[i] = v;
      }
      row.family = 6;
      row.local = local;
      row.remote = this.names.v6(w);
      q += 33;
    } else {
      return false;
    }
    // q is at the local port; the remote port is 1 + address width further on
    const lp = hex(buf, q, 4);
    const rp = hex(buf, q + (row.family === 4 ? 14 : 38), 4);
    q += row.family === 4 ? 19 : 43;
    const st = hex(buf, q, 2);
    if (lp < 0 || rp < 0 || st < 0) return false;
    const state = stateFromKernelCode(st);
    if (state === undefined) return false;
    q += 3;
    // TTTTTTTT:RRRRRRRR TT:WWWWWWWW RRRRRRRR (queues, timer, retransmits)
    if (q + 39 > end || buf[q + 8] !== 0x3a || buf[q + 17] !== 0x20 || buf[q + 20] !== 0x3a || buf[q + 29] !== 0x20 || buf[q + 38] !== 0x20) return false;
    if (this.detail) {
      const tx = hex(buf, q, 8);
      const rx = hex(buf, q + 9, 8);
      const tr = hex(buf, q + 18, 2);
      const when = hex(buf, q + 21, 8);
      const re = hex(buf, q + 30, 8);
      if (tx < 0 || rx < 0 || tr < 0 || when < 0 || re < 0) return false;
      row.txQueue = tx;
      row.rxQueue = rx;
      row.timer = tr;
      row.timerTicks = when;
      row.retransmits = re;
    }
    this.pos = q + 39;
    // uid, probes, inode: space-padded decimals
    const uid = this.kernelDecimal(buf, end);
    const probes = this.kernelDecimal(buf, end);
    const inode = this.kernelDecimal(buf, end);
    if (uid < 0 || probes < 0 || inode < 0) return false;
    row.localPort = lp;
    row.remotePort = rp;
    row.state = state;
    row.uid = uid;
    row.probes = probes;
    row.inode = inode;
    return true;
  }

  /** Spaces, then 1 to 15 digits ending at a space or the line's end; -1 otherwise. */
  private kernelDecimal(buf: Buffer, end: number): number {
    let i = this.pos;
    while (i < end && buf[i] === 0x20) i++;
    const s = i;
    let v = 0;
    for (; i < end; i++) {
      const d = (buf[i] as number) - 0x30;
      if (d >>> 0 > 9) break;
      v = v * 10 + d;
    }
    if (i === s || i - s > 15 || (i < end && buf[i] !== 0x20)) return -1;
    this.pos = i;
    return v;
  }

  private parseRow(buf: Buffer, end: number): UnparsedKind | 'header' | undefined {
    const first = buf[this.pos];
    if (first === 0x73 /* s */ && buf[this.pos + 1] === 0x6c /* l */) return 'header';
    // 1: "sl:" row counter
    const slEnd = this.fieldEnd(buf, end);
    if (slEnd === this.pos || buf[slEnd - 1] !== 0x3a /* : */) return 'columns';
    this.pos = slEnd;
    this.skipSpaces(buf, end);
    const row = this.row;
    // 2, 3: local and remote address:port
    const local = this.address(buf, end);
    if (local === undefined) return this.addressError;
    const localFamily = this.lastFamily;
    const localPort = this.lastPort;
    const remote = this.address(buf, end);
    if (remote === undefined) return this.addressError;
    if (this.lastFamily !== localFamily) return 'address';
    row.family = localFamily;
    row.local = local;
    row.localPort = localPort;
    row.remote = remote;
    row.remotePort = this.lastPort;
    // 4: state
    const st = this.hexField(buf, end, 2, 2);
    if (st < 0) return st === COLUMNS ? 'columns' : 'state';
    const state = stateFromKernelCode(st);
    if (state === undefined) return 'state';
    row.state = state;
    // 5: tx_queue:rx_queue, 6: tr:tm->when
    const tx = this.hexPair(buf, end, 8);
    if (tx < 0) return tx === COLUMNS ? 'columns' : 'number';
    const rx = this.pairSecond;
    const tr = this.hexPair(buf, end, 2);
    if (tr < 0) return tr === COLUMNS ? 'columns' : 'number';
    const when = this.pairSecond;
    // 7: retransmits (hex), 8: uid, 9: probes, 10: inode (decimal)
    const re = this.hexField(buf, end, 1, 8);
    if (re < 0) return re === COLUMNS ? 'columns' : 'number';
    if (this.detail) {
      row.txQueue = tx;
      row.rxQueue = rx;
      row.timer = tr;
      row.timerTicks = when;
      row.retransmits = re;
    }
    const uid = this.decField(buf, end);
    if (uid < 0) return uid === COLUMNS ? 'columns' : 'number';
    row.uid = uid;
    const probes = this.decField(buf, end);
    if (probes < 0) return probes === COLUMNS ? 'columns' : 'number';
    row.probes = probes;
    const inode = this.decField(buf, end);
    if (inode < 0) return inode === COLUMNS ? 'columns' : 'number';
    row.inode = inode;
    return undefined; // fields past the inode differ by socket kind and are not read
  }

  private addressError: UnparsedKind = 'address';
  private lastFamily: 4 | 6 = 4;
  private lastPort = 0;
  private pairSecond = 0;

  /**
   * Reads `HEX:PORT` where HEX is 8 (IPv4) or 32 (IPv6) digits; sets lastFamily and lastPort.
   * Undefined when it is not one, with the reason in addressError.
   */
  private address(buf: Buffer, end: number): string | undefined {
    const s = this.pos;
    const e = this.fieldEnd(buf, end);
    if (e === s) return this.fail('columns');
    const colon = buf.indexOf(0x3a, s);
    if (colon < 0 || colon >= e) return this.fail('address');
    const hexLen = colon - s;
    const port = hexValue(buf, colon + 1, e);
    if (e - colon - 1 !== 4 || port < 0) return this.fail('port');
    let text: string;
    if (hexLen === 8) {
      const v = hexValue(buf, s, colon);
      if (v < 0) return this.fail('address');
      text = this.names.v4(v);
      this.lastFamily = 4;
    } else if (hexLen === 32) {
      const w = this.v6Words;
      for (let i = 0; i < 4; i++) {
        const v = hexValue(buf, s + i * 8, s + i * 8 + 8);
        if (v < 0) return this.fail('address');
        w[i] = v;
      }
      text = this.names.v6(w);
      this.lastFamily = 6;
    } else {
      return this.fail('address');
    }
    this.lastPort = port;
    this.pos = e;
    this.skipSpaces(buf, end);
    return text;
  }

  private fail(kind: UnparsedKind): undefined {
    this.addressError = kind;
    return undefined;
  }

  private hexField(buf: Buffer, end: number, minLen: number, maxLen: number): number {
    const s = this.pos;
    const e = this.fieldEnd(buf, end);
    if (e === s) return COLUMNS;
    if (e - s < minLen || e - s > maxLen) return BAD;
    const v = hexValue(buf, s, e);
    this.pos = e;
    this.skipSpaces(buf, end);
    return v < 0 ? BAD : v;
  }

  /** Reads `HEX:HEX` whose second half has 8 digits; the first half is returned, the second kept. */
  private hexPair(buf: Buffer, end: number, firstLen: number): number {
    const s = this.pos;
    const e = this.fieldEnd(buf, end);
    if (e === s) return COLUMNS;
    if (e - s !== firstLen + 9 || buf[s + firstLen] !== 0x3a) return BAD;
    const a = hexValue(buf, s, s + firstLen);
    const b = hexValue(buf, s + firstLen + 1, e);
    if (a < 0 || b < 0) return BAD;
    this.pairSecond = b;
    this.pos = e;
    this.skipSpaces(buf, end);
    return a;
  }

  private decField(buf: Buffer, end: number): number {
    const s = this.pos;
    const e = this.fieldEnd(buf, end);
    if (e === s) return COLUMNS;
    if (e - s > 15) return BAD;
    let v = 0;
    for (let i = s; i < e; i++) {
      const c = (buf[i] as number) - 0x30;
      if (c < 0 || c > 9) return BAD;
      v = v * 10 + c;
    }
    this.pos = e;
    this.skipSpaces(buf, end);
    return v;
  }

  private fieldEnd(buf: Buffer, end: number): number {
    let i = this.pos;
    while (i < end && buf[i] !== 0x20 && buf[i] !== 9) i++;
    return i;
  }

  private skipSpaces(buf: Buffer, end: number): void {
    while (this.pos < end && (buf[this.pos] === 0x20 || buf[this.pos] === 9)) this.pos++;
  }
}

const COLUMNS = -1;
const BAD = -2;
/** A /proc/net/tcp6 row is about 180 bytes; anything this long is not one. */
const MAX_LINE = 4096;

function hasBinary(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i] as number;
    if ((c < 0x20 && c !== 9) || c > 0x7e) return true;
  }
  return false;
}

/** Digit values of '0'-'9', 'A'-'F', 'a'-'f'; -1 for every other byte. */
const HEX_DIGIT = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let c = 0; c < 10; c++) t[0x30 + c] = c;
  for (let c = 0; c < 6; c++) t[0x41 + c] = t[0x61 + c] = 10 + c;
  return t;
})();

/** Value of exactly `n` (at most 8) hex digits at buf[s], or -1. */
function hex(buf: Buffer, s: number, n: number): number {
  let v = 0;
  for (let i = s; i < s + n; i++) {
    const d = HEX_DIGIT[buf[i] as number] as number;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Value of upper- or lower-case hex digits in buf[s, e), or -1. At most 13 digits (safe integer). */
function hexValue(buf: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 13) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i] as number;
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Parses a whole text at once, copying each row: for tests and small captures. */
export function parseProcNetTcp(text: Buffer | string): { rows: TcpRow[]; unparsed: Unparsed } {
  const rows: TcpRow[] = [];
  const p = new ProcNetTcpParser((r) => rows.push({ ...r }));
  p.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  p.end();
  return { rows, unparsed: p.unparsed };
}
