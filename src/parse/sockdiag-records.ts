import { emptyStateCounts, stateFromKernelCode, type StateCounts, type TcpState } from '../states.js';
import type { TcpRow, Unparsed, UnparsedKind } from '../types.js';
import { emptyIgnored, type LineAccount } from './accounting.js';
import { AddressNames } from './address-names.js';
import { reusableRow, type RowParserOptions } from './reusable-row.js';
import { SOCKDIAG_RECORD_SIZE } from './sockdiag-record-size.js';
import { emptyUnparsed, recordUnparsed } from './unparsed.js';

export { SOCKDIAG_RECORD_SIZE };

/** Kernel state code -> our name, for every code a record can carry (0..15). */
const STATE_BY_CODE: Array<TcpState | undefined> = Array.from({ length: 16 }, (_, code) => stateFromKernelCode(code));

/** The kernel's code for each state (include/net/tcp_states.h). */
const KERNEL_CODE: Record<TcpState, number> = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
};
const NEW_SYN_RECV = 12;

/**
 * The idiag_states bitmask that asks the kernel for these states. Request socks are kept under
 * NEW_SYN_RECV, so SYN_RECV asks for that bit too (as ss does); timewait socks are matched by
 * their substate, so FIN_WAIT2 includes orphaned FIN_WAIT2 mini-sockets, as in /proc/net/tcp.
 */
export function kernelStateMask(states: readonly TcpState[]): number {
  let mask = 0;
  for (const s of states) {
    mask |= 1 << KERNEL_CODE[s];
    if (s === 'SYN_RECV') mask |= 1 << NEW_SYN_RECV;
  }
  return mask;
}

/**
 * Turns the addon's buffer of records into rows, handed to `emit` in one reused object that is
 * valid only during the call. Address text comes from a bounded cache: a few local IPs and
 * backends repeat across hundreds of thousands of rows.
 */
export class SockdiagRecordParser implements LineAccount {
  readonly unparsed: Unparsed = emptyUnparsed();
  /** a record is a row or unparsed: none is passed over */
  readonly ignored = emptyIgnored();
  rows = 0;
  /** records seen (a trailing partial one too), also the position of an unparsed one */
  private records = 0;
  private readonly row: TcpRow;
  private readonly detail: boolean;
  private readonly names = new AddressNames();
  private readonly v6Words = new Uint32Array(4);

  constructor(
    private readonly emit: (row: TcpRow) => void,
    opts: RowParserOptions = {},
  ) {
    this.detail = opts.detail ?? true;
    this.row = reusableRow(opts);
  }

  /** records read so far: the parser's lines */
  get lines(): number {
    return this.records;
  }

  /** Parses a run of whole records (a dump, or one batch of it); a trailing partial record is counted as unparsed. */
  push(buf: Buffer): void {
    const whole = buf.length - (buf.length % SOCKDIAG_RECORD_SIZE);
    // DataView reads are inlined builtins; Buffer's readUInt32LE checks its argument on every call
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    for (let off = 0; off < whole; off += SOCKDIAG_RECORD_SIZE) {
      this.records++;
      const kind = this.parseRecord(buf, view, off);
      if (kind === undefined) {
        this.rows++;
        this.emit(this.row);
      } else {
        this.reject(kind, buf, off, off + SOCKDIAG_RECORD_SIZE);
      }
    }
    if (whole < buf.length) {
      this.records++;
      this.reject('columns', buf, whole, buf.length);
    }
  }

  private reject(kind: UnparsedKind, buf: Buffer, start: number, end: number): void {
    recordUnparsed(this.unparsed, this.records, kind, buf.toString('hex', start, end));
  }

  private parseRecord(buf: Buffer, view: DataView, off: number): UnparsedKind | undefined {
    const family = buf[off];
    if (family !== 4 && family !== 6) return 'address';
    const state = STATE_BY_CODE[buf[off + 1] as number];
    if (state === undefined) return 'state';
    const row = this.row;
    row.family = family;
    row.state = state;
    const timer = buf[off + 2] as number;
    row.timer = timer;
    row.localPort = view.getUint16(off + 4, true);
    row.remotePort = view.getUint16(off + 6, true);
    row.local = this.address(view, off + 8, family);
    row.remote = this.address(view, off + 24, family);
    row.inode = view.getUint32(off + 40, true);
    // the queues are summed for node_exporter's rx/tx_queued_bytes: read even without detail
    row.rxQueue = view.getUint32(off + 48, true);
    row.txQueue = view.getUint32(off + 52, true);
    if (this.detail) {
      const count = buf[off + 3] as number;
      // the kernel puts retransmits in this byte for the retransmit timer, unanswered probes for
      // the keepalive and zero-window timers: keep each where /proc/net/tcp has it
      const probing = timer === 2 || timer === 4;
      row.retransmits = probing ? undefined : count;
      row.probes = probing ? count : undefined;
      row.uid = view.getUint32(off + 44, true);
      // ms, while TcpRow keeps /proc's clock_t (1/100 s)
      row.timerTicks = Math.floor(view.getUint32(off + 56, true) / 10);
    } else {
      // a TIME_WAIT socket's timer (idiag_expires) is its age, which the rates need
      row.timerTicks = state === 'TIME_WAIT' ? Math.floor(view.getUint32(off + 56, true) / 10) : undefined;
    }
    return undefined;
  }

  /**
   * Canonical text of the 4 or 16 network-order address bytes at `at`; IPv4-mapped IPv6 reads as
   * IPv4. Read as little-endian words they are the numbers /proc/net/tcp prints, so both parsers
   * share one address cache.
   */
  private address(view: DataView, at: number, family: 4 | 6): string {
    if (family === 4) return this.names.v4(view.getUint32(at, true));
    const w = this.v6Words;
    for (let i = 0; i < 4; i++) w[i] = view.getUint32(at + i * 4, true);
    return this.names.v6(w);
  }
}

/** Parses a whole dump at once, copying each row: for tests and small captures. */
export function parseSockdiagRecords(buf: Buffer): LineAccount & { rows: TcpRow[] } {
  const rows: TcpRow[] = [];
  const p = new SockdiagRecordParser((r) => rows.push({ ...r }));
  p.push(buf);
  return { rows, unparsed: p.unparsed, ignored: p.ignored, lines: p.lines };
}

/**
 * Per-state counts from the addon's countStates (sockets per kernel code). Codes no state maps
 * to are returned apart, never added to a state.
 */
export function stateCountsFromKernel(byCode: readonly number[]): { states: StateCounts; unknown: number } {
  const states = emptyStateCounts();
  let unknown = 0;
  byCode.forEach((n, code) => {
    if (n === 0) return;
    const s = STATE_BY_CODE[code];
    if (s === undefined) unknown += n;
    else states[s] += n;
  });
  return { states, unknown };
}
