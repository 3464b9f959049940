/**
 * What `tcpwatch lint` reads: the sysctl configuration files, and the running kernel's view of the
 * keys they set (/proc/sys, the listening ports, MemTotal).
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { parseProcNetTcp } from '../parse/proc-net-tcp.js';
import { parseSysctlConf, sysctlPath, type ConfFile } from '../parse/sysctl-conf.js';
import { describeReadError, ProcRoot } from './proc-files.js';

/**
 * The directories `sysctl --system` reads, in procps-ng's order (src/sysctl.c PreloadSystem):
 * their `*.conf` files are applied sorted by file name whatever their directory, a name already
 * found in an earlier directory hides the same name in later ones, and /etc/sysctl.conf comes last.
 */
const SYSTEM_DIRS = ['/etc/sysctl.d', '/run/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d', '/lib/sysctl.d'];
const SYSTEM_CONF = '/etc/sysctl.conf';

/** The files `sysctl --system` applies, in order, under `root` (`/`, or an image's root). */
export function systemConfFiles(root: string): string[] {
  const byName = new Map<string, string>();
  for (const dir of SYSTEM_DIRS) {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      continue; // sysctl skips a directory it cannot open
    }
    for (const name of names) if (name.endsWith('.conf') && name.length >= 5 && !byName.has(name)) byName.set(name, join(root, dir, name));
  }
  // strcmp order: by bytes, not by locale
  const files = [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, path]) => path);
  const conf = join(root, SYSTEM_CONF);
  if (isFile(conf)) files.push(conf);
  return files;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads and parses each file; one that cannot be read is a usage error naming it. */
export async function readConfFiles(paths: string[]): Promise<ConfFile[]> {
  return Promise.all(
    paths.map(async (path) => {
      try {
        return { path, conf: parseSysctlConf(await readFile(path, 'utf8')) };
      } catch (err) {
        throw new UsageError(`lint: ${describeReadError(path, err)}`, { cause: err });
      }
    }),
  );
}

/** What lint knows of the running kernel. */
export interface KernelView {
  /** /proc/sys/kernel/osrelease */
  release: string | undefined;
  /** whether /proc/sys/net could be read: without it, no key is called unknown */
  netReadable: boolean;
  /** the running value of each key the files set, by dotted key: null when it exists but cannot be read; a key missing here does not exist */
  values: ReadonlyMap<string, string | null>;
  /** local ports listening now (/proc/net/tcp, tcp6) */
  listening: readonly number[];
  memTotalBytes: number | undefined;
}

/** The running kernel under `proc`, for these keys. */
export async function readKernelView(proc: ProcRoot, keys: string[]): Promise<KernelView> {
  const ignored: string[] = [];
  const net = readdirOk(proc.path('sys/net'));
  const [release, meminfo, tcp, tcp6] = await Promise.all([proc.text('sys/kernel/osrelease', ignored, true), proc.text('meminfo', ignored, true), proc.text('net/tcp', ignored, true), proc.text('net/tcp6', ignored, true)]);
  const values = new Map<string, string | null>();
  await Promise.all(
    // a key is a path under /proc/sys: never let one climb out of it
    keys
      .filter((k) => !sysctlPath(k).split('/').includes('..'))
      .map(async (key) => {
        try {
          const text = (await readFile(proc.path(`sys/${sysctlPath(key)}`), 'latin1')).trim().replace(/\s+/g, ' ');
          // an empty read: a write-only key captured as an empty file
          values.set(key, text === '' ? null : text);
        } catch (err) {
          // write-only keys (net.ipv4.route.flush) and directories exist all the same
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR') values.set(key, null);
        }
      }),
  );
  const listening = [
    ...new Set(
      [tcp, tcp6].flatMap((t) =>
        t === undefined
          ? []
          : parseProcNetTcp(t)
              .rows.filter((r) => r.state === 'LISTEN')
              .map((r) => r.localPort),
      ),
    ),
  ].sort((a, b) => a - b);
  const mem = /^MemTotal:\s+(\d+) kB/m.exec(meminfo ?? '');
  return { release: release?.trim(), netReadable: net, values, listening, memTotalBytes: mem ? Number(mem[1]) * 1024 : undefined };
}

function readdirOk(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}
