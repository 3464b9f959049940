import { emptyStateCounts, TCP_STATES, type StateCounts } from '../states.js';
import type { Family } from '../types.js';

/** Index of a state in TCP_STATES, -1 for other names; the busy states are tried first. */
export function stateIndex(s: string): number {
  switch (s) {
    case 'ESTABLISHED':
      return 0;
    case 'TIME_WAIT':
      return 5;
    case 'CLOSE_WAIT':
      return 7;
    case 'LISTEN':
      return 9;
    case 'SYN_SENT':
      return 1;
    case 'SYN_RECV':
      return 2;
    case 'FIN_WAIT1':
      return 3;
    case 'FIN_WAIT2':
      return 4;
    case 'CLOSE':
      return 6;
    case 'LAST_ACK':
      return 8;
    case 'CLOSING':
      return 10;
    default:
      return -1;
  }
}

/** Sockets per state: all families together, IPv4 and IPv6. */
export class StateTally {
  // counts by index in TCP_STATES (a keyed property per row costs more than the whole parse of it)
  private readonly all = new Float64Array(TCP_STATES.length);
  private readonly v4 = new Float64Array(TCP_STATES.length);
  private readonly v6 = new Float64Array(TCP_STATES.length);
  /** names outside the eleven, as other tools print them: [all, ipv4, ipv6] */
  private readonly other = new Map<string, [number, number, number]>();

  /** `si`: the state's stateIndex */
  add(state: string, si: number, family: Family): void {
    if (si >= 0) {
      (this.all[si] as number)++;
      ((family === 4 ? this.v4 : this.v6)[si] as number)++;
    } else {
      let c = this.other.get(state);
      if (!c) this.other.set(state, (c = [0, 0, 0]));
      c[0]++;
      c[family === 4 ? 1 : 2]++;
    }
  }

  /** The eleven, then any other names seen; `family` undefined for all of them together. */
  counts(family?: Family): StateCounts {
    const byIndex = family === undefined ? this.all : family === 4 ? this.v4 : this.v6;
    const column = family === undefined ? 0 : family === 4 ? 1 : 2;
    const out = emptyStateCounts();
    TCP_STATES.forEach((st, i) => {
      out[st] = byIndex[i] as number;
    });
    for (const [name, c] of this.other) out[name] = c[column];
    return out;
  }
}
