import { TCP_STATES } from '../states.js';
import { AGE_BUCKETS } from '../rates.js';
import type { Destination, TcpRow } from '../types.js';
import { LaterRows } from './later-rows.js';
import type { Listeners } from './listeners.js';
import { stateIndex } from './state-counts.js';

interface DestAgg {
  portsInUse: number;
  /** counts by index in TCP_STATES; names outside the eleven in `other` */
  counts: number[];
  other: Record<string, number> | undefined;
  /** the first local port seen, and whether all rows share it (an inbound connection's mark) */
  firstLocalPort: number;
  onePort: boolean;
  /** its TIME_WAIT sockets by age in seconds, made on the first one with a timer */
  ages: number[] | undefined;
}

/** A destination as the tally lists it, with the TIME_WAIT ages its rates come from. */
export interface TalliedDestination extends Destination {
  timeWaitAges: number[] | undefined;
}

/** Sockets per destination (local address, remote address, remote port) and the ephemeral ports each holds. */
export class DestinationTally {
  // remote address -> remote port -> local address -> aggregate (no string built per row)
  private readonly byRemote = new Map<string, Map<number, Map<string, DestAgg>>>();
  /** one byte per port: some destination has this remote port (most rows set aside match none) */
  private readonly remotePorts = new Uint8Array(65536);
  /**
   * Rows whose local port automatic assignment cannot hand out (mostly inbound connections, one
   * peer port each) add no port in use: they matter only to a destination that has an outgoing
   * row too. Kept flat, merged in by list(), instead of a map entry per connection.
   */
  private readonly later = new LaterRows();

  /**
   * A non-listening row; `si` its stateIndex, `ephemeral` whether automatic assignment can hand
   * out its local port, `age` a TIME_WAIT row's age bucket (-1 for none).
   */
  add(r: TcpRow, si: number, ephemeral: boolean, age = -1): void {
    if (!ephemeral) {
      this.later.push(r, si);
      return;
    }
    let byPort = this.byRemote.get(r.remote);
    if (!byPort) this.byRemote.set(r.remote, (byPort = new Map<number, Map<string, DestAgg>>()));
    let byLocal = byPort.get(r.remotePort);
    if (!byLocal) {
      byPort.set(r.remotePort, (byLocal = new Map<string, DestAgg>()));
      this.remotePorts[r.remotePort] = 1;
    }
    let agg = byLocal.get(r.local);
    if (!agg) {
      agg = { portsInUse: 0, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], other: undefined, firstLocalPort: r.localPort, onePort: true, ages: undefined };
      byLocal.set(r.local, agg);
    } else if (agg.onePort && agg.firstLocalPort !== r.localPort) {
      agg.onePort = false;
    }
    countIn(agg, r.state, si);
    agg.portsInUse++;
    if (age >= 0) ((agg.ages ??= new Array<number>(AGE_BUCKETS).fill(0))[age] as number)++;
  }

  /**
   * Destinations of outgoing connections, busiest first. Rows whose local port is a listener's
   * are inbound connections (the "destination" would be a client's port) and are left out.
   */
  list(listeners: Listeners): TalliedDestination[] {
    this.mergeLater();
    const out: TalliedDestination[] = [];
    for (const [remote, byPort] of this.byRemote) {
      for (const [remotePort, byLocal] of byPort) {
        for (const [local, agg] of byLocal) {
          if (agg.onePort && listeners.has(local, agg.firstLocalPort)) continue;
          if (agg.portsInUse === 0) continue;
          out.push({ local, remote, remotePort, portsInUse: agg.portsInUse, states: aggStates(agg), timeWaitAges: agg.ages });
        }
      }
    }
    out.sort((a, b) => b.portsInUse - a.portsInUse || byCodePoint(a.remote, b.remote) || a.remotePort - b.remotePort || byCodePoint(a.local, b.local));
    return out;
  }

  /** Adds the rows kept aside to the destinations that have outgoing rows; the rest add nothing. */
  private mergeLater(): void {
    this.later.forEach((remote, remotePort, local, localPort, state) => {
      if (this.remotePorts[remotePort] === 0) return;
      const agg = this.byRemote.get(remote)?.get(remotePort)?.get(local);
      if (!agg) return;
      countIn(agg, state, stateIndex(state));
      if (agg.firstLocalPort !== localPort) agg.onePort = false;
    });
    this.later.clear();
  }
}

function countIn(agg: DestAgg, s: string, si: number): void {
  if (si >= 0) (agg.counts[si] as number)++;
  else {
    agg.other ??= {};
    agg.other[s] = (agg.other[s] ?? 0) + 1;
  }
}

/** The states a destination has, in the usual order, then any other names: one order whatever rows came first. */
function aggStates(agg: DestAgg): Record<string, number> {
  const out: Record<string, number> = {};
  agg.counts.forEach((n, i) => {
    if (n > 0) out[TCP_STATES[i] as string] = n;
  });
  return agg.other ? Object.assign(out, agg.other) : out;
}

/** Locale-independent order, so output is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
