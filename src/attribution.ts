import type { OwnerScan } from './source/socket-owners.js';
import type { StateName } from './states.js';
import type { CloseWaitGroup, Destination, DestinationOwners, ProcessOwner, ProcessReport, ProcessSockets, TcpRow } from './types.js';

/**
 * The states a process can be said to hold; TIME_WAIT and the other closing states are the
 * kernel's. SYN_SENT names who is connecting toward a destination right now.
 */
export const ATTRIBUTED_STATES: readonly StateName[] = ['LISTEN', 'ESTABLISHED', 'SYN_SENT', 'CLOSE_WAIT'];

export function isAttributed(row: TcpRow): boolean {
  return (row.inode ?? 0) > 0 && ATTRIBUTED_STATES.includes(row.state);
}

const sum = (counts: Partial<Record<StateName, number>>): number => Object.values(counts).reduce((a: number, b) => a + (b ?? 0), 0);

const destKey = (local: string, remote: string, port: number) => `${local} ${remote} ${port}`;

/**
 * Who holds which sockets: `rows` (the attributed ones) matched with an owner scan. Per process
 * counts by state and listening ports, and the owners of the sockets toward `destinations`.
 */
export function attributeSockets(rows: readonly TcpRow[], scan: OwnerScan, destinations: readonly Destination[], timeWait: number, top: number): ProcessReport {
  const byPid = new Map<number, ProcessSockets>();
  const unowned: ProcessReport['unowned'] = {};
  const wantedDest = new Map<string, Map<number, { owner: ProcessOwner; sockets: number }>>();
  for (const d of destinations) wantedDest.set(destKey(d.local, d.remote, d.remotePort), new Map());
  for (const r of rows) {
    const owners = scan.owners.get(r.inode ?? 0);
    if (!owners) {
      unowned[r.state] = (unowned[r.state] ?? 0) + 1;
      continue;
    }
    const toDest = r.state === 'LISTEN' ? undefined : wantedDest.get(destKey(r.local, r.remote, r.remotePort));
    for (const o of owners) {
      let p = byPid.get(o.pid);
      if (!p) byPid.set(o.pid, (p = { ...o, states: {}, listening: [] }));
      p.states[r.state] = (p.states[r.state] ?? 0) + 1;
      if (r.state === 'LISTEN' && !p.listening.includes(r.localPort)) p.listening.push(r.localPort);
      if (toDest) {
        const h = toDest.get(o.pid) ?? { owner: o, sockets: 0 };
        h.sockets++;
        toDest.set(o.pid, h);
      }
    }
  }
  const total = (p: ProcessSockets) => sum(p.states);
  const processes = [...byPid.values()].sort((a, b) => total(b) - total(a) || a.pid - b.pid);
  for (const p of processes) p.listening.sort((a, b) => a - b);
  const dests: DestinationOwners[] = destinations.map((d) => ({
    local: d.local,
    remote: d.remote,
    remotePort: d.remotePort,
    owners: [...(wantedDest.get(destKey(d.local, d.remote, d.remotePort)) ?? new Map<number, { owner: ProcessOwner; sockets: number }>())]
      .map(([, h]) => ({ ...h.owner, sockets: h.sockets }))
      .sort((a, b) => b.sockets - a.sockets || a.pid - b.pid),
  }));
  return { processes: processes.slice(0, top), processCount: processes.length, destinations: dests, unowned, notes: notes(scan, unowned, timeWait) };
}

function notes(scan: OwnerScan, unowned: ProcessReport['unowned'], timeWait: number): string[] {
  const out: string[] = [];
  if (timeWait > 0) out.push(`${timeWait} TIME_WAIT socket(s) belong to no process: the kernel keeps them after the close`);
  if (scan.processes === 0) out.push('no process directories could be read: nothing to attribute');
  if (scan.denied > 0) {
    out.push(`could not read the open files of ${scan.denied} of ${scan.processes} processes (permission denied): their sockets show as unowned; run as root to see them`);
  }
  if (scan.otherNamespace > 0) out.push(`${scan.otherNamespace} processes in other network namespaces were not read (their sockets are not in this table)`);
  if (scan.skipped > 0) out.push(`the scan stopped at its ${scan.budgetMs} ms budget with ${scan.skipped} processes unread: counts are partial`);
  const lost = sum(unowned);
  if (lost > 0 && scan.denied === 0 && scan.skipped === 0 && scan.processes > 0) {
    out.push(`${lost} socket(s) with no owner found (held by processes not visible in this /proc, or closed during the scan)`);
  }
  return out;
}

/** Owners named per CLOSE_WAIT group, as `ss -p` captures name them (command/pid). */
const GROUP_OWNERS = 5;

/**
 * The CLOSE_WAIT groups with the processes that hold their sockets, so the close_wait_leak alert
 * can name who does not close(): an inbound group's sockets sit on its local address and port, an
 * outbound group's point at its remote one.
 */
export function nameCloseWaitOwners(groups: readonly CloseWaitGroup[], rows: readonly TcpRow[], scan: OwnerScan): CloseWaitGroup[] {
  const owners = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.state !== 'CLOSE_WAIT') continue;
    for (const o of scan.owners.get(r.inode ?? 0) ?? []) {
      for (const key of [`inbound ${r.local} ${r.localPort}`, `outbound ${r.remote} ${r.remotePort}`]) {
        const set = owners.get(key) ?? new Set<string>();
        if (set.size < GROUP_OWNERS) set.add(`${o.command}/${o.pid}`);
        owners.set(key, set);
      }
    }
  }
  return groups.map((g) => {
    const found = owners.get(`${g.direction} ${g.address} ${g.port}`);
    if (!found || found.size === 0 || g.processes) return g;
    return { ...g, processes: [...found] };
  });
}
