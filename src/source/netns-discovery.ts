import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCgroupOwner, parseNetnsMounts, parsePodLogDirs } from '../parse/cgroup-owner.js';
import type { NetnsInfo } from '../types.js';
import { leftoverText, NETNS_RUN_DIR, netnsFolder } from './netns.js';

/** One network namespace found on the host, and how to enter it. */
export interface FoundNetns {
  info: NetnsInfo & { inode: number };
  /** an nsfs path that stays valid while the namespace lives: a bind mount, else /proc/PID/ns/net */
  path: string;
  /** tcpwatch's own namespace: read as usual, no need to enter */
  own: boolean;
}

export interface Discovery {
  namespaces: FoundNetns[];
  /** what could not be looked at (other users' processes when not root) */
  warnings: string[];
}

/** How many of the processes whose namespace is denied a warning names. */
const NAMED_DENIED = 5;

/** The warning for processes whose ns link could not be read although they exist. */
export function deniedWarning(pids: readonly number[], asRoot: boolean): string | undefined {
  if (pids.length === 0) return undefined;
  const sorted = [...pids].sort((a, b) => a - b);
  const named = `pid ${sorted.slice(0, NAMED_DENIED).join(', ')}${sorted.length > NAMED_DENIED ? ', ...' : ''}`;
  return asRoot
    ? `${pids.length} process(es) whose network namespace is denied even to root (${named}: a security module, or another user namespace's): a namespace only they hold is missing`
    : `${pids.length} process(es) of other users whose network namespace could not be read (${named}): run as root to see every namespace`;
}

/** How many of a namespace's processes are listed (and have their cgroup read). */
const LISTED_PIDS = 5;
/** Where `ip netns` and container runtimes bind-mount namespaces (iproute2 also uses /var/run/netns). */
const MOUNT_DIRS = [NETNS_RUN_DIR, '/var/run/netns'];
/** The kubelet's pod log folders: NAMESPACE_NAME_UID. */
const POD_LOGS = '/var/log/pods';

const nsInode = (link: string) => {
  const m = /^net:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
};

/**
 * Every network namespace on the host: those of every process (/proc/PID/ns/net, one entry per
 * inode), and those bind-mounted (mountinfo's nsfs mounts, the files under /run/netns and
 * /var/run/netns), which may hold no process. Each is named by its mount's name under /run/netns,
 * the container and pod its processes' cgroups show, and a few pids with their commands.
 */
export async function discoverNetns(procRoot = '/proc', asRoot = process.geteuid?.() === 0): Promise<Discovery> {
  const warnings: string[] = [];
  const own = nsInode(await readlink(join(procRoot, 'self', 'ns', 'net')).catch(() => ''));
  const byInode = new Map<number, { pids: number[]; mounts: string[] }>();
  const entry = (ino: number) => {
    let e = byInode.get(ino);
    if (!e) byInode.set(ino, (e = { pids: [], mounts: [] }));
    return e;
  };
  const pids = (await readdir(procRoot)).filter((n) => /^\d+$/.test(n)).map(Number);
  const denied: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      const link = await readlink(join(procRoot, String(pid), 'ns', 'net')).catch((err: NodeJS.ErrnoException) => err);
      const ino = typeof link === 'string' ? nsInode(link) : undefined;
      if (ino !== undefined) entry(ino).pids.push(pid);
      // kernel threads have their ns links too; a process that ended meanwhile (or a zombie) has none, which is no loss
      else if (typeof link !== 'string' && (link.code === 'EACCES' || link.code === 'EPERM')) denied.push(pid);
    }),
  );
  const mountinfo = await readFile(join(procRoot, 'self', 'mountinfo'), 'utf8').catch(() => '');
  for (const m of parseNetnsMounts(mountinfo)) entry(m.inode).mounts.push(m.mountPoint);
  const leftovers = new Set<number>();
  for (const folder of await Promise.all(MOUNT_DIRS.map(netnsFolder))) {
    for (const b of folder.bound) {
      const e = entry(b.ino);
      if (!e.mounts.includes(b.path)) e.mounts.push(b.path);
    }
    // an unmounted leftover file under /run/netns is not a namespace (its inode is the tmpfs file's);
    // said once, though /var/run/netns is /run/netns on most hosts
    for (const l of folder.leftovers.filter((x) => !leftovers.has(x.ino))) {
      leftovers.add(l.ino);
      warnings.push(leftoverText(l.path));
    }
  }
  const deniedText = deniedWarning(denied, asRoot);
  if (deniedText !== undefined) warnings.push(deniedText);
  const pods = parsePodLogDirs(await readdir(POD_LOGS).catch(() => [] as string[]));
  const namespaces = await Promise.all(
    [...byInode].map(async ([inode, e]): Promise<FoundNetns> => {
      e.pids.sort((a, b) => a - b);
      const listed = e.pids.slice(0, LISTED_PIDS);
      const named = await Promise.all(
        listed.map(async (pid) => {
          const [comm, cgroup] = await Promise.all([readFile(join(procRoot, String(pid), 'comm'), 'utf8').catch(() => undefined), readFile(join(procRoot, String(pid), 'cgroup'), 'utf8').catch(() => '')]);
          return { pid, ...(comm !== undefined ? { command: comm.trim() } : {}), owner: parseCgroupOwner(cgroup) };
        }),
      );
      const owner = named.find((n) => n.owner.container)?.owner ?? named.find((n) => n.owner.pod)?.owner;
      const mount = e.mounts.find((m) => MOUNT_DIRS.some((d) => m.startsWith(`${d}/`))) ?? e.mounts[0];
      const name = mount !== undefined && MOUNT_DIRS.some((d) => mount.startsWith(`${d}/`)) ? mount.slice(mount.lastIndexOf('/') + 1) : undefined;
      const podName = owner?.pod ? pods.get(owner.pod.uid) : undefined;
      const pod = owner?.pod ? { ...owner.pod, ...(podName !== undefined ? { name: podName } : {}) } : undefined;
      const info: FoundNetns['info'] = {
        inode,
        ...(name !== undefined ? { name } : mount !== undefined ? { path: mount } : {}),
        sameAsReader: inode === own,
        pids: named.map(({ pid, command }) => ({ pid, ...(command !== undefined ? { command } : {}) })),
        ...(owner?.container ? { container: owner.container } : {}),
        ...(pod ? { pod } : {}),
      };
      const path = mount ?? join(procRoot, String(e.pids[0]), 'ns', 'net');
      return { info, path, own: inode === own };
    }),
  );
  return { namespaces, warnings };
}
