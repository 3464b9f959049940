import type { CloseWaitGroup, TcpRow } from '../types.js';

/** How many CLOSE_WAIT groups a sample keeps, and owning processes per group. */
const TOP_CLOSE_WAIT = 20;
const MAX_PROCESSES = 5;

interface CloseWaitAgg {
  group: CloseWaitGroup;
  processes: Set<string>;
}

/** CLOSE_WAIT sockets grouped by listener (inbound) or by remote (outbound), with a few owners each. */
export class CloseWaitGroups {
  private readonly groups = new Map<string, CloseWaitAgg>();

  /** `inbound`: the row sits on a listener's (or a service) port, so it groups by its local end */
  add(r: TcpRow, inbound: boolean): void {
    const address = inbound ? r.local : r.remote;
    const port = inbound ? r.localPort : r.remotePort;
    const key = `${inbound ? 'i' : 'o'} ${address} ${port}`;
    let agg = this.groups.get(key);
    if (!agg) {
      agg = { group: { direction: inbound ? 'inbound' : 'outbound', address, port, count: 0 }, processes: new Set() };
      this.groups.set(key, agg);
    }
    agg.group.count++;
    if (r.process !== undefined && agg.processes.size < MAX_PROCESSES) {
      agg.processes.add(r.pid !== undefined ? `${r.process}/${r.pid}` : r.process);
    }
  }

  /** The largest groups first. */
  top(): CloseWaitGroup[] {
    const all = [...this.groups.values()].map(({ group, processes }) => (processes.size > 0 ? { ...group, processes: [...processes] } : { ...group }));
    all.sort((a, b) => b.count - a.count || a.address.localeCompare(b.address) || a.port - b.port);
    return all.slice(0, TOP_CLOSE_WAIT);
  }
}
