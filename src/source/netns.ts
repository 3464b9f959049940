import { constants } from 'node:os';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SourceError } from '../errors.js';
import { netnsLabel } from '../netns-label.js';
import type { NetnsInfo } from '../types.js';
import { COUNTER_FILES } from './linux-counters.js';
import { LIMIT_FILES } from './linux-limits.js';
import { describeReadError, type TextFiles } from './proc-files.js';
import type { SockdiagAddon } from './sockdiag-addon.js';

/** The network namespace to read: by a process inside it (--pid) or by an nsfs path (--netns). */
export interface NetnsTarget {
  pid?: number | undefined;
  /** an `ip netns add` name (under /run/netns) or any nsfs path */
  netns?: string | undefined;
}

/** Where `ip netns add` keeps its named namespaces (iproute2's NETNS_RUN_DIR). */
export const NETNS_RUN_DIR = '/run/netns';

/** What a file under /run/netns with no namespace mounted on it is (ip netns list says "Peer netns reference is invalid"). */
export const leftoverText = (path: string): string => `${path}: no network namespace is mounted on it (a file left behind; ip netns delete ${basename(path)} removes it)`;

/** The nsfs file of a --netns value: a bare name is one of /run/netns, anything with a slash a path. */
export function netnsPath(value: string): string {
  return value.includes('/') ? value : join(NETNS_RUN_DIR, value);
}

/** How a foreign namespace's files are read: sysctls and net/ counters, from inside it. */
export interface NetnsReaders {
  info: NetnsInfo;
  /** where /proc/sys is read: from inside the namespace, or nowhere (limits unknown) */
  sys?: TextFiles;
  /** where net/ counters are read: from inside, or /proc/PID/net */
  net?: TextFiles;
  /** set when the namespace could be entered: sock_diag may dump inside it */
  nsPath?: string;
}

const errnoName = new Map<number, string>(Object.entries(constants.errno).map(([k, v]) => [v, k]));

/** Files read once from inside a namespace (one addon call, one short-lived thread). */
class EnteredFiles implements TextFiles {
  constructor(
    private readonly label: string,
    private readonly got: ReadonlyMap<string, string | number>,
  ) {}

  path(rel: string): string {
    return `${this.label}:/proc/${rel}`;
  }

  text(rel: string, warnings: string[], quietIfMissing = false): Promise<string | undefined> {
    const v = this.got.get(rel);
    if (typeof v === 'string') return Promise.resolve(v);
    const code = typeof v === 'number' ? errnoName.get(v) : 'ENOENT';
    if (!(quietIfMissing && code === 'ENOENT')) warnings.push(describeReadError(this.path(rel), Object.assign(new Error(code ?? String(v)), { code })));
    return Promise.resolve(undefined);
  }
}

/** Reads limits and counters from inside: /proc/sys/net follows the reading thread's namespace, /proc/thread-self/net too. */
function enter(addon: SockdiagAddon, nsPath: string, label: string): TextFiles {
  const rels = [...LIMIT_FILES, ...COUNTER_FILES];
  const inside = rels.map((rel) => (rel.startsWith('net/') ? `/proc/thread-self/${rel}` : `/proc/${rel}`));
  const got = addon.readInNetns(nsPath, inside);
  return new EnteredFiles(label, new Map(rels.map((rel, i) => [rel, got[i] ?? 'ENOENT'])));
}

async function inodeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (s) => s.ino,
    () => undefined,
  );
}

/** The files of a folder such as /run/netns: those a namespace is mounted on (nsfs inode), and the leftovers with none. */
export interface NetnsFolder {
  bound: Array<{ path: string; ino: number; dev: number }>;
  /** on the folder's own filesystem, so nothing is mounted on them: by their path and tmpfs inode */
  leftovers: Array<{ path: string; ino: number }>;
}

/** Reads a folder of namespace mounts (one stat of the folder, one of each file); empty where it cannot be read. */
export async function netnsFolder(dir: string): Promise<NetnsFolder> {
  const [folder, names] = await Promise.all([stat(dir).catch(() => undefined), readdir(dir).catch(() => [] as string[])]);
  const out: NetnsFolder = { bound: [], leftovers: [] };
  if (!folder) return out;
  const stats = await Promise.all(names.map((n) => stat(join(dir, n)).catch(() => undefined)));
  names.forEach((n, i) => {
    const st = stats[i];
    const path = join(dir, n);
    if (st && st.dev !== folder.dev) out.bound.push({ path, ino: st.ino, dev: st.dev });
    else if (st) out.leftovers.push({ path, ino: st.ino });
  });
  return out;
}

/** The ip-netns name a namespace also has (the file under /run/netns bound to it), if any. */
async function ipNetnsName(nsPath: string): Promise<string | undefined> {
  const [id, folder] = await Promise.all([stat(nsPath).catch(() => undefined), netnsFolder(NETNS_RUN_DIR)]);
  const found = id ? folder.bound.find((b) => b.ino === id.ino && b.dev === id.dev) : undefined;
  return found ? basename(found.path) : undefined;
}

/**
 * Finds the target namespace and how to read it. Its own namespace is read as usual. Another
 * one is entered with setns() on a thread of the sock_diag addon, to read its sysctls and
 * counters there (and dump its sockets); when that fails (not root, no addon) its limits are
 * unknown, never tcpwatch's, and a --pid target is still read through /proc/PID/net.
 */
export async function openNetns(procRoot: string, target: NetnsTarget, addon: SockdiagAddon | undefined): Promise<NetnsReaders> {
  const { pid } = target;
  const nsPath = pid !== undefined ? join(procRoot, String(pid), 'ns', 'net') : netnsPath(target.netns ?? '');
  if (pid !== undefined) {
    try {
      await stat(join(procRoot, String(pid)));
    } catch {
      throw new SourceError(`--pid ${pid}: no such process (${join(procRoot, String(pid))} not found)`);
    }
  } else {
    try {
      await stat(nsPath);
    } catch (err) {
      throw new SourceError(`--netns ${target.netns}: ${describeReadError(nsPath, err)}${target.netns?.includes('/') ? '' : ` (ip netns list shows the names under ${NETNS_RUN_DIR})`}`);
    }
  }
  const [command, inode, own, named] = await Promise.all([
    pid !== undefined
      ? readFile(join(procRoot, String(pid), 'comm'), 'utf8').then(
          (t) => t.trim(),
          () => undefined,
        )
      : undefined,
    inodeOf(nsPath),
    inodeOf(join(procRoot, 'self', 'ns', 'net')),
    // a process's namespace named as `ip netns` names it (only for this machine's own /proc)
    pid !== undefined && procRoot === '/proc' ? ipNetnsName(nsPath) : undefined,
  ]);
  const info: NetnsInfo = {
    ...(pid !== undefined ? { pid } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(named !== undefined ? { name: named } : {}),
    ...(target.netns !== undefined ? (target.netns.includes('/') ? { path: target.netns } : { name: target.netns }) : {}),
    ...(inode !== undefined ? { inode } : {}),
    ...(inode !== undefined && own !== undefined ? { sameAsReader: inode === own } : {}),
  };
  if (info.sameAsReader === true) return { info };
  const label = netnsLabel(info);
  let why: string;
  if (!addon) {
    why = 'entering another namespace needs the sock_diag addon (src/native/sockdiag), which is not built here';
  } else {
    try {
      const files = enter(addon, nsPath, label);
      return { info, sys: files, net: files, nsPath };
    } catch (err) {
      const e = err as { errno?: number; message: string };
      // setns() answers EINVAL for a file that is no network namespace (a directory, a regular file, another kind of ns)
      why =
        e.errno === constants.errno.EPERM
          ? `cannot enter it (${e.message}: entering a namespace needs root)`
          : e.errno === constants.errno.EINVAL
            ? dirname(nsPath) === NETNS_RUN_DIR && (await netnsFolder(NETNS_RUN_DIR)).leftovers.some((l) => l.path === nsPath)
              ? leftoverText(nsPath)
              : `not a network namespace (setns: Invalid argument); give a name under ${NETNS_RUN_DIR} or a /proc/PID/ns/net path`
            : `cannot enter it (${e.message})`;
    }
  }
  if (pid === undefined) throw new SourceError(`${label}: ${why}`);
  return { info: { ...info, limitsUnknown: why } };
}
