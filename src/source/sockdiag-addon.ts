import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOCKDIAG_RECORD_SIZE } from '../parse/sockdiag-record-size.js';

/** The addon's API_VERSION that this code speaks: 2 since family 0 (both families in one dump). */
export const SOCKDIAG_API_VERSION = 2;

/** The native addon (src/native/sockdiag): the kernel's TCP table through NETLINK_SOCK_DIAG. */
export interface SockdiagAddon {
  /**
   * Dumps every socket of `family` (0: both, in one walk of the kernel's hash) whose state is in `stateMask` as records (see
   * sockdiag-records.ts) written into `batch`, calling onBatch(bytes) each time it holds as many
   * whole records as fit, and once at the end: the first `bytes` of `batch` are valid until
   * onBatch returns. Throws an ESOCKDIAG error (with errno) when the dump fails, also midway.
   */
  dumpBatches(family: 0 | 4 | 6, stateMask: number, batch: Buffer, onBatch: (bytes: number) => void, nsPath?: string): void;
  /** sockets per kernel state code (16 slots), without copying records out */
  countStates(family: 0 | 4 | 6, stateMask: number, nsPath?: string): number[];
  /**
   * Each file read from inside the network namespace at nsPath (setns() on a short-lived thread,
   * so Node's own threads never move), as latin1 text or the errno that stopped it; throws (with
   * errno: EPERM when not root) when the namespace cannot be entered.
   */
  readInNetns(nsPath: string, paths: readonly string[]): Array<string | number>;
  RECORD_SIZE: number;
  API_VERSION: number;
}

/** The addon and the file it came from (relative to the package), or why there is none. */
export type AddonLoad = { addon: SockdiagAddon; file: string } | { addon?: undefined; reason: string };

/** Where `npm run build:addon` (node-gyp) leaves a build from source. */
export const SOURCE_BUILD = 'src/native/sockdiag/build/Release/sockdiag.node';

/** The package: two folders up from dist/source/ (src/source/ under the tests), where prebuilds/ is. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The binaries to try, in order, as node-gyp-build finds them: the prebuilt ones for this
 * platform and architecture (prebuilds/linux-x64/*.node tagged `napi`: one binary for every Node
 * version), then a build from source. With TCPWATCH_SOCKDIAG=build only the build from source,
 * so that one made by `npm run build:addon` is used where a prebuilt one exists too.
 */
export function addonCandidates(list: (dir: string) => string[], platform: string, arch: string, env: NodeJS.ProcessEnv): string[] {
  if (env.TCPWATCH_SOCKDIAG === 'build') return [SOURCE_BUILD];
  const dir = `prebuilds/${platform}-${arch}`;
  const prebuilt = list(dir)
    .filter((name) => name.endsWith('.node') && name.split('.').slice(1, -1).includes('napi'))
    .sort()
    .map((name) => `${dir}/${name}`);
  const built = list('src/native/sockdiag/build/Release').includes('sockdiag.node') ? [SOURCE_BUILD] : [];
  return [...prebuilt, ...built];
}

/**
 * Loads the first candidate under `root` that works. A binary built for another record layout or
 * API (a stale build) is refused rather than misread; a glibc binary on a musl system fails to
 * load, and says so in the reason.
 */
export function loadSockdiagFrom(root: string, env: NodeJS.ProcessEnv = process.env): AddonLoad {
  if (process.platform !== 'linux') return { reason: `sock_diag is Linux's (this is ${process.platform})` };
  const list = (dir: string) => {
    try {
      return readdirSync(join(root, dir));
    } catch {
      return [];
    }
  };
  const files = addonCandidates(list, process.platform, process.arch, env);
  if (files.length === 0) {
    return { reason: `no prebuilt addon in prebuilds/${process.platform}-${process.arch}/ and no ${SOURCE_BUILD} (npm run build:addon makes one)` };
  }
  const failures: string[] = [];
  const load = createRequire(join(root, 'package.json'));
  for (const file of files) {
    try {
      const addon = load(join(root, file)) as SockdiagAddon;
      if (addon.RECORD_SIZE === SOCKDIAG_RECORD_SIZE && addon.API_VERSION === SOCKDIAG_API_VERSION) return { addon, file };
      failures.push(`${file} is a stale build (RECORD_SIZE ${String(addon.RECORD_SIZE)} and API_VERSION ${String(addon.API_VERSION)}, not ${SOCKDIAG_RECORD_SIZE} and ${SOCKDIAG_API_VERSION})`);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? 'missing' : (err as Error).message.split('\n')[0];
      failures.push(`${file} failed to load: ${why}`);
    }
  }
  return { reason: failures.join('; ') };
}

let found: AddonLoad | undefined;

/** The addon of this package, looked for once per process. */
export function findSockdiag(): AddonLoad {
  return (found ??= loadSockdiagFrom(PACKAGE_ROOT));
}

/** The addon when it loads here, else undefined (tcpwatch then reads /proc). */
export function loadSockdiag(): SockdiagAddon | undefined {
  return findSockdiag().addon;
}

/** How the Linux source reads the table, and why: `fault` when it was meant to be sock_diag. */
export type TableChoice = { table: 'sock_diag'; addon: SockdiagAddon; file: string } | { table: 'procfs'; why: string; fault: boolean };

/** The table sampleLinux reads with these options: sock_diag when the addon loads, else /proc/net/tcp. */
export function chooseTable(opts: { procRoot?: string | undefined; table?: 'auto' | 'procfs' | undefined }, env: NodeJS.ProcessEnv = process.env): TableChoice {
  const asked = (why: string): TableChoice => ({ table: 'procfs', why, fault: false });
  if (opts.table === 'procfs') return asked('asked for /proc');
  if (opts.table === undefined && env.TCPWATCH_TABLE === 'procfs') return asked('TCPWATCH_TABLE=procfs');
  if (opts.procRoot !== undefined) return asked('--proc-root names a /proc tree');
  const got = findSockdiag();
  return got.addon ? { table: 'sock_diag', addon: got.addon, file: got.file } : { table: 'procfs', why: got.reason, fault: true };
}

/** chooseTable, and whether a small sock_diag dump (LISTEN sockets only) works here: what `--version` says. */
export function probeTable(opts: Parameters<typeof chooseTable>[0]): TableChoice {
  const choice = chooseTable(opts);
  if (choice.table === 'procfs') return choice;
  try {
    choice.addon.countStates(4, 1 << 10);
    return choice;
  } catch (err) {
    return { table: 'procfs', why: `the sock_diag dump fails here: ${(err as Error).message}`, fault: true };
  }
}
