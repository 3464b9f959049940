import { emptyStateCounts, TCP_STATES, type StateCounts } from './states.js';
import type { CloseWaitGroup, Destination, TcpRow } from './types.js';
import { isEphemeral } from './parse/sysctl.js';

/** What the tally needs to know to tell an outgoing connection's port from anything else. */
export interface TallyOptions {
  /** when known, only ports automatic assignment can hand out count as "in use" */
  portRange?: [number, number] | undefined;
  reserved?: Array<[number, number]> | undefined;
}

/** How many recent rows a new row is compared with to drop repeats (see RepeatFilter). */
const REPEAT_WINDOW = 32;
/** Buckets that tell in O(1) that most rows have no match in the window (a power of two). */
const REPEAT_BUCKETS = 1024;

/**
 * /proc/net/tcp is read a page at a time while the table changes; the kernel re-seeks between
 * reads, so a row near a page boundary can be printed twice. Such a repeat lies within a few rows
 * of the first one, so comparing with a short window of recent rows finds it without a set of
 * every row. A repeat has the same 4-tuple and the same inode; SO_REUSEPORT listeners share a
 * 4-tuple but not an inode, so nothing real is dropped. Rows without an inode (ss, netstat
 * captures) come from no paged read and are never filtered.
 */
class RepeatFilter {
  private readonly local: string[] = new Array<string>(REPEAT_WINDOW).fill('');
  private readonly remote: string[] = new Array<string>(REPEAT_WINDOW).fill('');
  private readonly ports = new Float64Array(REPEAT_WINDOW).fill(-1);
  private readonly inodes = new Float64Array(REPEAT_WINDOW).fill(-1);
  private readonly buckets = new Int32Array(REPEAT_WINDOW).fill(-1);
  /** rows in the window per bucket of (ports, inode): a row in an empty bucket is no repeat */
  private readonly inBucket = new Uint8Array(REPEAT_BUCKETS);
  private next = 0;

  isRepeat(r: TcpRow): boolean {
    if (r.inode === undefined) return false;
    const key = r.localPort * 65536 + r.remotePort;
    const bucket = (Math.imul((key ^ r.inode) | 0, 0x9e3779b1) >>> 22) & (REPEAT_BUCKETS - 1);
    if (this.inBucket[bucket] !== 0) {
      for (let i = 0; i < REPEAT_WINDOW; i++) {
        if (this.ports[i] === key && this.inodes[i] === r.inode && this.local[i] === r.local && this.remote[i] === r.remote) return true;
      }
    }
    const n = this.next;
    const old = this.buckets[n] as number;
    if (old >= 0) (this.inBucket[old] as number)--;
    this.buckets[n] = bucket;
    (this.inBucket[bucket] as number)++;
    this.ports[n] = key;
    this.inodes[n] = r.inode;
    this.local[n] = r.local;
    this.remote[n] = r.remote;
    this.next = (n + 1) % REPEAT_WINDOW;
    return false;
  }
}

interface DestAgg {
  portsInUse: number;
  /** counts by index in TCP_STATES; names outside the eleven in `other` */
  counts: number[];
  other: Record<string, number> | undefined;
  /** the first local port seen, and whether all rows share it (an inbound connection's mark) */
  firstLocalPort: number;
  onePort: boolean;
}

/** How many CLOSE_WAIT groups a sample keeps, and owning processes per group. */
const TOP_CLOSE_WAIT = 20;
const MAX_PROCESSES = 5;

interface CloseWaitAgg {
  group: CloseWaitGroup;
  processes: Set<string>;
}

/** Accumulates rows into per-state, per-family and per-destination counts. */
export class Tally {
  // counts by index in TCP_STATES (a keyed property per row costs more than the whole parse of it)
  private readonly all = new Float64Array(TCP_STATES.length);
  private readonly v4 = new Float64Array(TCP_STATES.length);
  private readonly v6 = new Float64Array(TCP_STATES.length);
  /** names outside the eleven, as other tools print them: [all, ipv4, ipv6] */
  private readonly other = new Map<string, [number, number, number]>();
  repeats = 0;
  private readonly repeatFilter = new RepeatFilter();
  /** "addr port" of every listener; "* port" for wildcard ones */
  private readonly listening = new Set<string>();
  // remote address -> remote port -> local address -> aggregate (no string built per row)
  private readonly dests = new Map<string, Map<number, Map<string, DestAgg>>>();
  /** one byte per port: some destination has this remote port (most rows set aside match none) */
  private readonly destPorts = new Uint8Array(65536);
  /**
   * Rows whose local port automatic assignment cannot hand out (mostly inbound connections, one
   * peer port each) add no port in use: they matter only to a destination that has an outgoing
   * row too. Kept flat, merged in by destinations(), instead of a map entry per connection.
   */
  private readonly later = new LaterRows();
  /** one byte per port: 1 where automatic assignment can hand it out (the range less the reserved ports); undefined without a range */
  private readonly ephemeralPorts: Uint8Array | undefined;
  /** one byte per port: held by some non-listening socket (a port may serve many destinations) */
  private readonly heldPorts = new Uint8Array(65536);
  private heldCount = 0;
  private readonly closeWait = new Map<string, CloseWaitAgg>();

  constructor(opts: TallyOptions = {}) {
    if (opts.portRange) {
      const table = new Uint8Array(65536);
      const reserved = opts.reserved ?? [];
      for (let p = Math.max(0, opts.portRange[0]); p <= Math.min(65535, opts.portRange[1]); p++) table[p] = isEphemeral(p, opts.portRange, reserved) ? 1 : 0;
      this.ephemeralPorts = table;
    }
  }

  add(r: TcpRow): void {
    if (this.repeatFilter.isRepeat(r)) {
      this.repeats++;
      return;
    }
    const s = r.state;
    const si = stateIndex(s);
    if (si >= 0) {
      (this.all[si] as number)++;
      ((r.family === 4 ? this.v4 : this.v6)[si] as number)++;
    } else {
      let c = this.other.get(s);
      if (!c) this.other.set(s, (c = [0, 0, 0]));
      c[0]++;
      c[r.family === 4 ? 1 : 2]++;
    }
    const ephemeral = !this.ephemeralPorts || this.ephemeralPorts[r.localPort] === 1;
    // a port bound by a listener (or held by any socket) is skipped by autobind for every destination
    if (this.ephemeralPorts && ephemeral && this.heldPorts[r.localPort] === 0) {
      this.heldPorts[r.localPort] = 1;
      this.heldCount++;
    }
    if (s === 'LISTEN') {
      this.listening.add(isWildcard(r.local) ? `* ${r.localPort}` : `${r.local} ${r.localPort}`);
      return;
    }
    // a SYN_RECV row is a request sock of a listener: inbound, never an outgoing port
    if (s === 'SYN_RECV') return;
    if (s === 'CLOSE_WAIT') this.addCloseWait(r, ephemeral);
    if (!ephemeral) {
      this.later.push(r, si);
      return;
    }
    let byPort = this.dests.get(r.remote);
    if (!byPort) this.dests.set(r.remote, (byPort = new Map<number, Map<string, DestAgg>>()));
    let byLocal = byPort.get(r.remotePort);
    if (!byLocal) {
      byPort.set(r.remotePort, (byLocal = new Map<string, DestAgg>()));
      this.destPorts[r.remotePort] = 1;
    }
    let agg = byLocal.get(r.local);
    if (!agg) {
      agg = { portsInUse: 0, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], other: undefined, firstLocalPort: r.localPort, onePort: true };
      byLocal.set(r.local, agg);
    } else if (agg.onePort && agg.firstLocalPort !== r.localPort) {
      agg.onePort = false;
    }
    countIn(agg, s, si);
    agg.portsInUse++;
  }

  /** Per-state counts: the eleven, then any other names seen. */
  get states(): StateCounts {
    return this.counts(this.all, 0);
  }

  get ipv4(): StateCounts {
    return this.counts(this.v4, 1);
  }

  get ipv6(): StateCounts {
    return this.counts(this.v6, 2);
  }

  private counts(byIndex: Float64Array, column: number): StateCounts {
    const out = emptyStateCounts();
    TCP_STATES.forEach((st, i) => {
      out[st] = byIndex[i] as number;
    });
    for (const [name, c] of this.other) out[name] = c[column] as number;
    return out;
  }

  /** Adds the rows kept aside to the destinations that have outgoing rows; the rest add nothing. */
  private mergeLater(): void {
    this.later.forEach((remote, remotePort, local, localPort, state) => {
      if (this.destPorts[remotePort] === 0) return;
      const agg = this.dests.get(remote)?.get(remotePort)?.get(local);
      if (!agg) return;
      countIn(agg, state, stateIndex(state));
      if (agg.firstLocalPort !== localPort) agg.onePort = false;
    });
    this.later.clear();
  }

  /**
   * An inbound CLOSE_WAIT sits on a listener's port, an outbound one on an ephemeral port. Decided
   * per row, so listeners seen later do not count: /proc and ss list listeners first, and a port
   * outside the ephemeral range is taken as a service port anyway.
   */
  private addCloseWait(r: TcpRow, ephemeral: boolean): void {
    const inbound = this.isListening(r.local, r.localPort) || !ephemeral;
    const address = inbound ? r.local : r.remote;
    const port = inbound ? r.localPort : r.remotePort;
    const key = `${inbound ? 'i' : 'o'} ${address} ${port}`;
    let agg = this.closeWait.get(key);
    if (!agg) {
      agg = { group: { direction: inbound ? 'inbound' : 'outbound', address, port, count: 0 }, processes: new Set() };
      this.closeWait.set(key, agg);
    }
    agg.group.count++;
    if (r.process !== undefined && agg.processes.size < MAX_PROCESSES) {
      agg.processes.add(r.pid !== undefined ? `${r.process}/${r.pid}` : r.process);
    }
  }

  /** Distinct ephemeral local ports held, all destinations together; undefined without a port range. */
  get portsInUseHost(): number | undefined {
    return this.ephemeralPorts ? this.heldCount : undefined;
  }

  /** CLOSE_WAIT sockets by listener (inbound) or by remote (outbound), largest first. */
  closeWaitGroups(): CloseWaitGroup[] {
    const all = [...this.closeWait.values()].map(({ group, processes }) =>
      processes.size > 0 ? { ...group, processes: [...processes] } : { ...group },
    );
    all.sort((a, b) => b.count - a.count || a.address.localeCompare(b.address) || a.port - b.port);
    return all.slice(0, TOP_CLOSE_WAIT);
  }

  private isListening(local: string, port: number): boolean {
    return this.listening.has(`* ${port}`) || this.listening.has(`${local} ${port}`);
  }

  /**
   * Destinations of outgoing connections, busiest first. Rows whose local port is a listener's
   * are inbound connections (the "destination" would be a client's port) and are left out.
   */
  destinations(): Destination[] {
    this.mergeLater();
    const out: Destination[] = [];
    for (const [remote, byPort] of this.dests) {
      for (const [remotePort, byLocal] of byPort) {
        for (const [local, agg] of byLocal) {
          if (agg.onePort && this.isListening(local, agg.firstLocalPort)) continue;
          if (agg.portsInUse === 0) continue;
          out.push({ local, remote, remotePort, portsInUse: agg.portsInUse, states: aggStates(agg) });
        }
      }
    }
    out.sort(
      (a, b) =>
        b.portsInUse - a.portsInUse ||
        byCodePoint(a.remote, b.remote) ||
        a.remotePort - b.remotePort ||
        byCodePoint(a.local, b.local),
    );
    return out;
  }
}

/**
 * The rows Tally keeps aside, as five int32 columns in one growing typed array: on a busy server
 * these are most rows (every inbound connection), and a JS array of references per row cost more
 * in garbage collection than the parse itself. Text (addresses, state names) is stored by its
 * index in a table of the distinct values, which are few.
 */
class LaterRows {
  private cols = new Int32Array(5 * 1024);
  private length = 0;
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  private lastRemote: string | undefined;
  private lastRemoteId = -1;
  private lastLocal: string | undefined;
  private lastLocalId = -1;

  /** `si`: the state's index in TCP_STATES, or -1 for another name (stored as -1 - its text's id) */
  push(r: TcpRow, si: number): void {
    if (this.length === this.cols.length) {
      const bigger = new Int32Array(this.cols.length * 2);
      bigger.set(this.cols);
      this.cols = bigger;
    }
    const c = this.cols;
    const n = this.length;
    // a row's local address is nearly always the last row's (a host has a few), its remote often
    if (r.remote !== this.lastRemote) {
      this.lastRemote = r.remote;
      this.lastRemoteId = this.id(r.remote);
    }
    if (r.local !== this.lastLocal) {
      this.lastLocal = r.local;
      this.lastLocalId = this.id(r.local);
    }
    c[n] = this.lastRemoteId;
    c[n + 1] = r.remotePort;
    c[n + 2] = this.lastLocalId;
    c[n + 3] = r.localPort;
    c[n + 4] = si >= 0 ? si : -1 - this.id(r.state);
    this.length = n + 5;
  }

  forEach(each: (remote: string, remotePort: number, local: string, localPort: number, state: string) => void): void {
    const c = this.cols;
    const t = this.texts;
    for (let i = 0; i < this.length; i += 5) {
      const si = c[i + 4] as number;
      const state = si >= 0 ? (TCP_STATES[si] as string) : (t[-1 - si] as string);
      each(t[c[i] as number] as string, c[i + 1] as number, t[c[i + 2] as number] as string, c[i + 3] as number, state);
    }
  }

  clear(): void {
    this.cols = new Int32Array(5 * 1024);
    this.length = 0;
    this.ids.clear();
    this.texts.length = 0;
    this.lastRemote = this.lastLocal = undefined;
  }

  private id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.ids.set(text, id);
    }
    return id;
  }
}

/** Index of a state in TCP_STATES, -1 for other names; the busy states are tried first. */
function stateIndex(s: string): number {
  switch (s) {
    case 'ESTABLISHED': return 0;
    case 'TIME_WAIT': return 5;
    case 'CLOSE_WAIT': return 7;
    case 'LISTEN': return 9;
    case 'SYN_SENT': return 1;
    case 'SYN_RECV': return 2;
    case 'FIN_WAIT1': return 3;
    case 'FIN_WAIT2': return 4;
    case 'CLOSE': return 6;
    case 'LAST_ACK': return 8;
    case 'CLOSING': return 10;
    default: return -1;
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

function isWildcard(addr: string): boolean {
  return addr === '0.0.0.0' || addr === '::' || addr === '*';
}
