import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessOwner } from '../types.js';

/** What a scan of /proc/*\/fd found, and how complete it is. */
export interface OwnerScan {
  /** socket inode -> the processes holding it (a forked socket has several) */
  owners: Map<number, ProcessOwner[]>;
  /** process directories seen */
  processes: number;
  /** processes whose fd directory could not be read (another user's, without root) */
  denied: number;
  /** processes left unscanned when the time budget ran out */
  skipped: number;
  /** processes passed over because they live in another network namespace */
  otherNamespace: number;
  budgetMs: number;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/**
 * Maps the `wanted` socket inodes to the processes holding them, by reading every
 * /proc/PID/fd/* link. Its cost grows with the open files on the machine, so it runs only on
 * demand and stops at `budgetMs`, saying how much it left out. A process that exits mid-scan
 * is simply not counted. With `netns` (the watched namespace's ns/net link), processes in other
 * namespaces are passed over unread: their sockets are not in the table being attributed, and a
 * busy container host has many of them (one readlink instead of one per open file).
 */
export function scanSocketOwners(procRoot: string, wanted: ReadonlySet<number>, budgetMs: number, netns?: string, now: () => number = () => performance.now()): OwnerScan {
  const scan: OwnerScan = { owners: new Map(), processes: 0, denied: 0, skipped: 0, otherNamespace: 0, budgetMs };
  let pids: string[];
  try {
    pids = readdirSync(procRoot).filter((d) => /^\d+$/.test(d));
  } catch {
    return scan;
  }
  const deadline = now() + budgetMs;
  for (let i = 0; i < pids.length; i++) {
    if (now() > deadline) {
      scan.skipped = pids.length - i;
      break;
    }
    const pid = pids[i] as string;
    if (netns !== undefined) {
      const ns = nsLink(procRoot, pid);
      if (ns !== undefined && ns !== netns) {
        scan.otherNamespace++;
        continue;
      }
    }
    const fdDir = join(procRoot, pid, 'fd');
    let fds: string[];
    try {
      fds = readdirSync(fdDir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') {
        scan.processes++;
        scan.denied++;
      }
      continue;
    }
    scan.processes++;
    let owner: ProcessOwner | undefined;
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(join(fdDir, fd));
      } catch {
        continue; // closed since the listing
      }
      const m = SOCKET_LINK.exec(link);
      if (!m) continue;
      const inode = Number(m[1]);
      if (!wanted.has(inode)) continue;
      owner ??= { pid: Number(pid), command: readComm(procRoot, pid), ...cmdlineOf(procRoot, pid) };
      const list = scan.owners.get(inode) ?? [];
      // a process may hold one socket under several fds (dup): count it once
      if (!list.some((o) => o.pid === Number(pid))) list.push(owner);
      scan.owners.set(inode, list);
    }
  }
  return scan;
}

/** The ns/net link of a process, or undefined when it cannot be read. */
export function nsLink(procRoot: string, pid: string): string | undefined {
  try {
    return readlinkSync(join(procRoot, pid, 'ns', 'net'));
  } catch {
    return undefined;
  }
}

/** /proc/PID/cmdline, NUL-separated arguments joined by spaces; nothing for a kernel thread or an unreadable one. */
function cmdlineOf(procRoot: string, pid: string): { cmdline?: string } {
  try {
    const text = readFileSync(join(procRoot, pid, 'cmdline'), 'latin1')
      .replace(/\0+$/, '')
      .replace(/\0/g, ' ')
      .slice(0, 300);
    return text !== '' ? { cmdline: text } : {};
  } catch {
    return {};
  }
}

function readComm(procRoot: string, pid: string): string {
  try {
    return readFileSync(join(procRoot, pid, 'comm'), 'utf8').trim();
  } catch {
    return '?';
  }
}
