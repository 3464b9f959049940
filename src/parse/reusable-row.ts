import type { TcpRow } from '../types.js';

/** Options of the streaming row parsers (/proc text, sock_diag records). */
export interface RowParserOptions {
  /**
   * Read the timer lengths, retransmits, probes and uid too (default). Without them (the samplers,
   * which only count, sum the queues, age TIME_WAIT and name owners) those columns are not
   * converted, which saves a third of a row's cost; the row's fields are then undefined, but for a
   * TIME_WAIT row's timerTicks (its age).
   */
  detail?: boolean;
}

/**
 * The one row object a streaming parser fills and hands on for each socket: with every field, or
 * without detail only those counting needs, and the few a parser still reads left undefined until
 * it does. Written out as literals: a row built by spreading was a third slower to fill.
 */
export function reusableRow(opts: RowParserOptions): TcpRow {
  return (opts.detail ?? true)
    ? { family: 4, local: '', localPort: 0, remote: '', remotePort: 0, state: 'CLOSE', txQueue: 0, rxQueue: 0, timer: 0, timerTicks: 0, retransmits: 0, uid: 0, probes: 0, inode: 0 }
    : { family: 4, local: '', localPort: 0, remote: '', remotePort: 0, state: 'CLOSE', txQueue: 0, rxQueue: 0, timer: undefined, timerTicks: undefined, uid: undefined, probes: undefined, inode: 0 };
}
