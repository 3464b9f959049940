import { stateFromKernelCode } from '../states.js';
import type { TcpRow, UnparsedKind } from '../types.js';
import { hexValue } from './hex.js';
import type { ProcNetAddresses } from './proc-net-address.js';

/** Why a line is no row: a fault, or the column header. */
export type RowFault = UnparsedKind | 'header';

/** sl, local, remote, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout (probes), inode */
const FIELDS = 10;

/**
 * Reads a /proc/net/tcp{,6} row field by field, whatever blanks separate them and in either case
 * of hex: the general path, for every row KernelRowReader declines. It says what is wrong with a
 * row that is none. Fields past the inode differ by socket kind and are not read.
 */
export class FieldRowReader {
  /** start and end of each field of the line being read */
  private readonly bounds = new Int32Array(2 * FIELDS);

  constructor(
    private readonly row: TcpRow,
    private readonly addresses: ProcNetAddresses,
    private readonly detail: boolean,
  ) {}

  /** Fills the row from the non-blank line buf[at, lineEnd); undefined when it is one, else why not. */
  read(buf: Buffer, at: number, lineEnd: number): RowFault | undefined {
    const n = splitFields(buf, at, lineEnd, this.bounds);
    // 1: "sl:" row counter
    if (buf[at] === 0x73 /* s */ && buf[at + 1] === 0x6c /* l */) return 'header';
    if (buf[this.end(0) - 1] !== 0x3a /* : */) return 'columns';
    // 2, 3: local and remote address:port
    if (n < 2) return 'columns';
    const localFault = addressFault(buf, this.start(1), this.end(1));
    if (localFault) return localFault;
    const local = this.address(buf, 1);
    if (local === undefined) return 'address';
    if (n < 3) return 'columns';
    const remoteFault = addressFault(buf, this.start(2), this.end(2));
    if (remoteFault) return remoteFault;
    const remote = this.address(buf, 2);
    if (remote === undefined) return 'address';
    const family = this.family(1);
    if (this.family(2) !== family) return 'address';
    const row = this.row;
    row.family = family;
    row.local = local;
    row.localPort = hexValue(buf, this.end(1) - 4, this.end(1));
    row.remote = remote;
    row.remotePort = hexValue(buf, this.end(2) - 4, this.end(2));
    // 4: state
    if (n < 4) return 'columns';
    const st = this.end(3) - this.start(3) === 2 ? hexValue(buf, this.start(3), this.end(3)) : -1;
    const state = st < 0 ? undefined : stateFromKernelCode(st);
    if (state === undefined) return 'state';
    row.state = state;
    // 5: tx_queue:rx_queue, 6: tr:tm->when (8 or 2 hex digits, ':', 8 hex digits)
    if (n < 5) return 'columns';
    if (!this.isPair(buf, 4, 8)) return 'number';
    const tx = hexValue(buf, this.start(4), this.start(4) + 8);
    const rx = hexValue(buf, this.start(4) + 9, this.end(4));
    if (tx < 0 || rx < 0) return 'number';
    if (n < 6) return 'columns';
    if (!this.isPair(buf, 5, 2)) return 'number';
    const tr = hexValue(buf, this.start(5), this.start(5) + 2);
    const when = hexValue(buf, this.start(5) + 3, this.end(5));
    if (tr < 0 || when < 0) return 'number';
    // 7: retransmits (hex), 8: uid, 9: probes, 10: inode (decimal)
    if (n < 7) return 'columns';
    const re = this.end(6) - this.start(6) <= 8 ? hexValue(buf, this.start(6), this.end(6)) : -1;
    if (re < 0) return 'number';
    // the queues are summed for node_exporter's rx/tx_queued_bytes: read even without detail
    row.txQueue = tx;
    row.rxQueue = rx;
    if (this.detail) {
      row.timer = tr;
      row.timerTicks = when;
      row.retransmits = re;
    } else {
      // as KernelRowReader: a TIME_WAIT socket's timer is its age
      row.timerTicks = state === 'TIME_WAIT' ? when : undefined;
    }
    if (n < 8) return 'columns';
    const uid = decimalValue(buf, this.start(7), this.end(7));
    if (uid < 0) return 'number';
    row.uid = uid;
    if (n < 9) return 'columns';
    const probes = decimalValue(buf, this.start(8), this.end(8));
    if (probes < 0) return 'number';
    row.probes = probes;
    if (n < 10) return 'columns';
    const inode = decimalValue(buf, this.start(9), this.end(9));
    if (inode < 0) return 'number';
    row.inode = inode;
    return undefined;
  }

  private start(field: number): number {
    return this.bounds[2 * field] as number;
  }

  private end(field: number): number {
    return this.bounds[2 * field + 1] as number;
  }

  /** 4 or 6: an address field addressFault passed has 8 or 32 positions before its ':PPPP'. */
  private family(field: number): 4 | 6 {
    return this.end(field) - this.start(field) === 13 ? 4 : 6;
  }

  /** Whether a field has the shape `HEX:HEX`, `firstLen` positions then 8. */
  private isPair(buf: Buffer, field: number, firstLen: number): boolean {
    return this.end(field) - this.start(field) === firstLen + 9 && buf[this.start(field) + firstLen] === 0x3a;
  }

  /** The address of a field addressFault passed; undefined when a position is no hex digit. */
  private address(buf: Buffer, field: number): string | undefined {
    const s = this.start(field);
    return this.family(field) === 4 ? this.addresses.v4(buf, s) : this.addresses.v6(buf, s);
  }
}

/**
 * Splits buf[at, end) at spaces and tabs, writing each field's start and end to `bounds`, up to
 * FIELDS fields; returns how many.
 */
function splitFields(buf: Buffer, at: number, end: number, bounds: Int32Array): number {
  let n = 0;
  let i = at;
  while (n < FIELDS) {
    while (i < end && (buf[i] === 0x20 || buf[i] === 9)) i++;
    if (i >= end) break;
    bounds[2 * n] = i;
    while (i < end && buf[i] !== 0x20 && buf[i] !== 9) i++;
    bounds[2 * n + 1] = i;
    n++;
  }
  return n;
}

/** What is wrong with the shape of an `ADDRESS:PORT` field (8 or 32 positions, ':', 4 hex digits), if anything. */
function addressFault(buf: Buffer, s: number, e: number): 'address' | 'port' | undefined {
  const colon = buf.indexOf(0x3a, s);
  if (colon < 0 || colon >= e) return 'address';
  if (e - colon - 1 !== 4 || hexValue(buf, colon + 1, e) < 0) return 'port';
  return colon - s === 8 || colon - s === 32 ? undefined : 'address';
}

/** Value of 1 to 15 decimal digits in buf[s, e), or -1. */
function decimalValue(buf: Buffer, s: number, e: number): number {
  if (e - s > 15) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = (buf[i] as number) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
