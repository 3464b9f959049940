import { emptyStateCounts, type StateCounts } from './states.js';
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
  private next = 0;

  isRepeat(r: TcpRow): boolean {
    if (r.inode === undefined) return false;
    const key = r.localPort * 65536 + r.remotePort;
    for (let i = 0; i < REPEAT_WINDOW; i++) {
      if (this.ports[i] === key && this.inodes[i] === r.inode && this.local[i] === r.local && this.remote[i] === r.remote) return true;
    }
    this.ports[this.next] = key;
    this.inodes[this.next] = r.inode;
    this.local[this.next] = r.local;
    this.remote[this.next] = r.remote;
    this.next = (this.next + 1) % REPEAT_WINDOW;
    return false;
  }
}

interface DestAgg {
  portsInUse: number;
  states: Record<string, number>;
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
  readonly states: StateCounts = emptyStateCounts();
  readonly ipv4: StateCounts = emptyStateCounts();
  readonly ipv6: StateCounts = emptyStateCounts();
  repeats = 0;
  private readonly repeatFilter = new RepeatFilter();
  /** "addr port" of every listener; "* port" for wildcard ones */
  private readonly listening = new Set<string>();
  // remote address -> remote port -> local address -> aggregate (no string built per row)
  private readonly dests = new Map<string, Map<number, Map<string, DestAgg>>>();
  /** one byte per port: held by some non-listening socket (a port may serve many destinations) */
  private readonly heldPorts = new Uint8Array(65536);
  private heldCount = 0;
  private readonly closeWait = new Map<string, CloseWaitAgg>();

  constructor(private readonly opts: TallyOptions = {}) {}

  add(r: TcpRow): void {
    if (this.repeatFilter.isRepeat(r)) {
      this.repeats++;
      return;
    }
    const s = r.state;
    this.states[s] = (this.states[s] ?? 0) + 1;
    const fam = r.family === 4 ? this.ipv4 : this.ipv6;
    fam[s] = (fam[s] ?? 0) + 1;
    const { portRange, reserved } = this.opts;
    const ephemeral = !portRange || isEphemeral(r.localPort, portRange, reserved ?? []);
    // a port bound by a listener (or held by any socket) is skipped by autobind for every destination
    if (portRange && ephemeral && this.heldPorts[r.localPort] === 0) {
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
    let byPort = this.dests.get(r.remote);
    if (!byPort) this.dests.set(r.remote, (byPort = new Map()));
    let byLocal = byPort.get(r.remotePort);
    if (!byLocal) byPort.set(r.remotePort, (byLocal = new Map()));
    let agg = byLocal.get(r.local);
    if (!agg) {
      agg = { portsInUse: 0, states: {}, firstLocalPort: r.localPort, onePort: true };
      byLocal.set(r.local, agg);
    } else if (agg.onePort && agg.firstLocalPort !== r.localPort) {
      agg.onePort = false;
    }
    agg.states[s] = (agg.states[s] ?? 0) + 1;
    if (ephemeral) agg.portsInUse++;
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
    return this.opts.portRange ? this.heldCount : undefined;
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
    const out: Destination[] = [];
    for (const [remote, byPort] of this.dests) {
      for (const [remotePort, byLocal] of byPort) {
        for (const [local, agg] of byLocal) {
          if (agg.onePort && this.isListening(local, agg.firstLocalPort)) continue;
          if (agg.portsInUse === 0) continue;
          out.push({ local, remote, remotePort, portsInUse: agg.portsInUse, states: agg.states });
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

/** Locale-independent order, so output is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isWildcard(addr: string): boolean {
  return addr === '0.0.0.0' || addr === '::' || addr === '*';
}
