import { stateFromKernelCode } from '../states.js';
import type { TcpRow } from '../types.js';
import { hexValue } from './hex.js';
import type { ProcNetAddresses } from './proc-net-address.js';

/** TIME_WAIT's code in the st column (include/net/tcp_states.h). */
export const TIME_WAIT_CODE = 6;

/**
 * Reads a /proc/net/tcp{,6} row exactly as the kernel prints it (get_tcp4_sock / get_tcp6_sock:
 * fixed-width hex fields, one space apart, then space-padded decimals) at fixed offsets: the fast
 * path. Any other shape is declined, for FieldRowReader, which accepts more and says what is
 * wrong; a row this reads, that one reads the same.
 */
export class KernelRowReader {
  constructor(
    private readonly row: TcpRow,
    private readonly addresses: ProcNetAddresses,
    private readonly detail: boolean,
  ) {}

  /** Fills the row from the line buf[at, end) (`at` its first non-blank byte); false to decline it. */
  read(buf: Buffer, at: number, end: number): boolean {
    let q = at;
    // "sl:" row counter and one space
    while (q < end && ((buf[q] as number) - 0x30) >>> 0 <= 9) q++;
    if (q === at || buf[q] !== 0x3a || buf[q + 1] !== 0x20) return false;
    q += 2;
    const row = this.row;
    if (q + 31 <= end && buf[q + 8] === 0x3a) {
      // AAAAAAAA:PPPP AAAAAAAA:PPPP SS
      if (buf[q + 13] !== 0x20 || buf[q + 22] !== 0x3a || buf[q + 27] !== 0x20 || buf[q + 30] !== 0x20) return false;
      const local = this.addresses.v4(buf, q);
      const remote = this.addresses.v4(buf, q + 14);
      if (local === undefined || remote === undefined) return false;
      row.family = 4;
      row.local = local;
      row.remote = remote;
      q += 9;
    } else if (q + 79 <= end && buf[q + 32] === 0x3a) {
      // 32 hex digits:PPPP, twice, then SS
      if (buf[q + 37] !== 0x20 || buf[q + 70] !== 0x3a || buf[q + 75] !== 0x20 || buf[q + 78] !== 0x20) return false;
      const local = this.addresses.v6(buf, q);
      if (local === undefined) return false;
      const remote = this.addresses.v6(buf, q + 38);
      if (remote === undefined) return false;
      row.family = 6;
      row.local = local;
      row.remote = remote;
      q += 33;
    } else {
      return false;
    }
    // q is at the local port; the remote port is 1 + address width further on
    const lp = hexValue(buf, q, q + 4);
    const rq = q + (row.family === 4 ? 14 : 38);
    const rp = hexValue(buf, rq, rq + 4);
    q += row.family === 4 ? 19 : 43;
    const st = hexValue(buf, q, q + 2);
    if (lp < 0 || rp < 0 || st < 0) return false;
    const state = stateFromKernelCode(st);
    if (state === undefined) return false;
    q += 3;
    // TTTTTTTT:RRRRRRRR TT:WWWWWWWW RRRRRRRR (queues, timer, retransmits)
    if (q + 39 > end || buf[q + 8] !== 0x3a || buf[q + 17] !== 0x20 || buf[q + 20] !== 0x3a || buf[q + 29] !== 0x20 || buf[q + 38] !== 0x20) return false;
    // the queues are summed for node_exporter's rx/tx_queued_bytes: read even without detail
    const tx = hexValue(buf, q, q + 8);
    const rx = hexValue(buf, q + 9, q + 17);
    if (tx < 0 || rx < 0) return false;
    row.txQueue = tx;
    row.rxQueue = rx;
    if (this.detail) {
      const tr = hexValue(buf, q + 18, q + 20);
      const when = hexValue(buf, q + 21, q + 29);
      const re = hexValue(buf, q + 30, q + 38);
      if (tr < 0 || when < 0 || re < 0) return false;
      row.timer = tr;
      row.timerTicks = when;
      row.retransmits = re;
    } else {
      // a TIME_WAIT socket's timer tells its age, which the rates need: read it, and only it
      row.timerTicks = st === TIME_WAIT_CODE ? hexValue(buf, q + 21, q + 29) : undefined;
      if (row.timerTicks !== undefined && row.timerTicks < 0) return false;
    }
    if (!this.decimals(buf, q + 39, end)) return false;
    row.localPort = lp;
    row.remotePort = rp;
    row.state = state;
    return true;
  }

  /** uid, probes and inode from buf[i]: each spaces, then 1 to 15 digits ending at a space or the line's end. */
  private decimals(buf: Buffer, i: number, end: number): boolean {
    const row = this.row;
    for (let field = 0; field < 3; field++) {
      while (i < end && buf[i] === 0x20) i++;
      const s = i;
      let v = 0;
      for (; i < end; i++) {
        const d = (buf[i] as number) - 0x30;
        if (d >>> 0 > 9) break;
        v = v * 10 + d;
      }
      if (i === s || i - s > 15 || (i < end && buf[i] !== 0x20)) return false;
      if (field === 0) row.uid = v;
      else if (field === 1) row.probes = v;
      else row.inode = v;
    }
    return true;
  }
}
