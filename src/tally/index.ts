import type { StateCounts } from '../states.js';
import type { CloseWaitGroup, TcpRow } from '../types.js';
import { CloseWaitGroups } from './close-wait-groups.js';
import { AGE_BUCKETS, ageBucket } from '../rates.js';
import { DestinationTally, type TalliedDestination } from './destinations.js';
import { HostPorts } from './host-ports.js';
import { Listeners } from './listeners.js';
import { RepeatFilter } from './repeat-filter.js';
import { stateIndex, StateTally } from './state-counts.js';

/** What the tally needs to know to tell an outgoing connection's port from anything else. */
export interface TallyOptions {
  /** when known, only ports automatic assignment can hand out count as "in use" */
  portRange?: [number, number] | undefined;
  reserved?: Array<[number, number]> | undefined;
}

/** Accumulates rows into per-state, per-family and per-destination counts. */
export class Tally {
  repeats = 0;
  /** bytes in receive and send queues, summed over rows that carry them (node_exporter's tcpstat) */
  rxQueued = 0;
  txQueued = 0;
  /** whether any row carried its queues */
  queues = false;
  private readonly repeatFilter = new RepeatFilter();
  private readonly stateTally = new StateTally();
  private readonly hostPorts: HostPorts;
  private readonly listeners = new Listeners();
  private readonly dests = new DestinationTally();
  private readonly closeWait = new CloseWaitGroups();
  /** outgoing TIME_WAIT sockets by age in seconds, all destinations together */
  readonly timeWaitAges = new Array<number>(AGE_BUCKETS).fill(0);
  /** whether any TIME_WAIT row carried its timer (the source prints them) */
  timersSeen = false;

  constructor(opts: TallyOptions = {}) {
    this.hostPorts = new HostPorts(opts.portRange, opts.reserved ?? []);
  }

  add(r: TcpRow): void {
    if (this.repeatFilter.isRepeat(r)) {
      this.repeats++;
      return;
    }
    const s = r.state;
    if (r.rxQueue !== undefined) {
      this.queues = true;
      this.rxQueued += r.rxQueue;
      // a listener's send queue is its backlog limit in sock_diag, 0 in /proc/net/tcp
      if (s !== 'LISTEN') this.txQueued += r.txQueue ?? 0;
    }
    const si = stateIndex(s);
    this.stateTally.add(s, si, r.family);
    const ephemeral = this.hostPorts.see(r.localPort);
    if (s === 'LISTEN') {
      this.listeners.add(r.local, r.localPort);
      return;
    }
    // a SYN_RECV row is a request sock of a listener: inbound, never an outgoing port
    if (s === 'SYN_RECV') return;
    // An inbound CLOSE_WAIT sits on a listener's port, an outbound one on an ephemeral port. Decided
    // per row, so listeners seen later do not count: /proc and ss list listeners first, and a port
    // outside the ephemeral range is taken as a service port anyway.
    if (s === 'CLOSE_WAIT') this.closeWait.add(r, this.listeners.has(r.local, r.localPort) || !ephemeral);
    let age = -1;
    if (s === 'TIME_WAIT' && r.timerTicks !== undefined) {
      this.timersSeen = true;
      if (ephemeral) (this.timeWaitAges[(age = ageBucket(r.timerTicks))] as number)++;
    }
    this.dests.add(r, si, ephemeral, age);
  }

  /**
   * A row a filter left out: not counted, but a listener still tells inbound connections from
   * outgoing ones among the rows that are.
   */
  context(r: TcpRow): void {
    if (r.state === 'LISTEN') this.listeners.add(r.local, r.localPort);
  }

  /** Per-state counts: the eleven, then any other names seen. */
  get states(): StateCounts {
    return this.stateTally.counts();
  }

  get ipv4(): StateCounts {
    return this.stateTally.counts(4);
  }

  get ipv6(): StateCounts {
    return this.stateTally.counts(6);
  }

  /** Distinct ephemeral local ports held, all destinations together; undefined without a port range. */
  get portsInUseHost(): number | undefined {
    return this.hostPorts.inUse;
  }

  /** CLOSE_WAIT sockets by listener (inbound) or by remote (outbound), largest first. */
  closeWaitGroups(): CloseWaitGroup[] {
    return this.closeWait.top();
  }

  /** Destinations of outgoing connections, busiest first (inbound connections left out). */
  destinations(): TalliedDestination[] {
    return this.dests.list(this.listeners);
  }
}
