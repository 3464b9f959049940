import type { TcpRow, Unparsed } from '../types.js';
import { emptyIgnored, type LineAccount } from './accounting.js';
import { ProcNetAddresses } from './proc-net-address.js';
import { FieldRowReader } from './proc-net-tcp-fields.js';
import { KernelRowReader } from './proc-net-tcp-kernel.js';
import { reusableRow, type RowParserOptions } from './reusable-row.js';
import { emptyUnparsed, recordUnparsed } from './unparsed.js';

/** A /proc/net/tcp6 row is about 180 bytes; anything this long is not one. */
const MAX_LINE = 4096;

/**
 * Streaming parser for /proc/net/tcp and /proc/net/tcp6 text (both may be concatenated).
 * It works on bytes: no string is made per line, because the file can be 30+ MB at 250k sockets.
 * Each line is read at the kernel's fixed offsets when it has that layout, else field by field.
 * Each good row is handed to `emit` in one reused object, valid only during the call.
 */
export class ProcNetTcpParser implements LineAccount {
  readonly unparsed: Unparsed = emptyUnparsed();
  readonly ignored = emptyIgnored();
  rows = 0;
  private carry: Buffer | undefined;
  private lineNo = 0;
  private readonly row: TcpRow;
  private readonly kernel: KernelRowReader;
  private readonly fields: FieldRowReader;
  /** set after an over-long line was reported, until its newline arrives */
  private skipping = false;

  constructor(
    private readonly emit: (row: TcpRow) => void,
    opts: RowParserOptions = {},
  ) {
    const detail = opts.detail ?? true;
    this.row = reusableRow(opts);
    const addresses = new ProcNetAddresses();
    this.kernel = new KernelRowReader(this.row, addresses, detail);
    this.fields = new FieldRowReader(this.row, addresses, detail);
  }

  /** Feeds the next chunk; lines may be split across chunks. */
  push(chunk: Buffer): void {
    let buf = chunk;
    let start = 0;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        // the rest of a line already reported as too long is dropped, not gathered and reported again
        if (this.skipping) return;
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

  /** lines read so far */
  get lines(): number {
    return this.lineNo;
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
    let at = start;
    while (at < end && (buf[at] === 0x20 || buf[at] === 9)) at++;
    if (at >= end) {
      this.ignored.blank++;
      return;
    }
    const fault = this.kernel.read(buf, at, end) ? undefined : this.fields.read(buf, at, end);
    if (fault === undefined) {
      this.rows++;
      this.emit(this.row);
    } else if (fault === 'header') {
      this.ignored.header++;
    } else {
      // only a failed row is searched for binary bytes: a good row's fields were all checked
      const why = hasBinary(buf, start, end) ? 'binary' : fault;
      recordUnparsed(this.unparsed, this.lineNo, why, buf.toString('latin1', start, Math.min(end, start + 200)));
    }
  }
}

function hasBinary(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i] as number;
    if ((c < 0x20 && c !== 9) || c > 0x7e) return true;
  }
  return false;
}

/** Parses a whole text at once, copying each row: for tests and small captures. */
export function parseProcNetTcp(text: Buffer | string): LineAccount & { rows: TcpRow[] } {
  const rows: TcpRow[] = [];
  const p = new ProcNetTcpParser((r) => rows.push({ ...r }));
  p.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  p.end();
  return { rows, unparsed: p.unparsed, ignored: p.ignored, lines: p.lines };
}
