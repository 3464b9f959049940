import { createRequire } from 'node:module';
import { SOCKDIAG_RECORD_SIZE } from '../parse/sockdiag-records.js';

/** The optional native addon (src/native/sockdiag): the kernel's TCP table through NETLINK_SOCK_DIAG. */
export interface SockdiagAddon {
  /**
   * Dumps every socket of `family` whose state is in `stateMask` as records (see
   * sockdiag-records.ts) written into `batch`, calling onBatch(bytes) each time it holds as many
   * whole records as fit, and once at the end: the first `bytes` of `batch` are valid until
   * onBatch returns. Throws an ESOCKDIAG error (with errno) when the dump fails, also midway.
   */
  dumpBatches(family: 4 | 6, stateMask: number, batch: Buffer, onBatch: (bytes: number) => void, nsPath?: string): void;
  /** sockets per kernel state code (16 slots), without copying records out */
  countStates(family: 4 | 6, stateMask: number, nsPath?: string): number[];
  /**
   * Each file read from inside the network namespace at nsPath (setns() on a short-lived thread,
   * so Node's own threads never move), as latin1 text or the errno that stopped it; throws (with
   * errno: EPERM when not root) when the namespace cannot be entered.
   */
  readInNetns(nsPath: string, paths: readonly string[]): Array<string | number>;
  RECORD_SIZE: number;
}

/**
 * The addon when it was built and loads here, else undefined. It is an optional dependency: on a
 * machine without a compiler, or off Linux, npm leaves it out and tcpwatch reads /proc instead.
 * One built for another record layout or API (a stale build) is refused rather than misread.
 */
export function loadSockdiag(): SockdiagAddon | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const addon = createRequire(import.meta.url)('tcpwatch-sockdiag') as SockdiagAddon;
    return addon.RECORD_SIZE === SOCKDIAG_RECORD_SIZE && typeof addon.dumpBatches === 'function' && typeof addon.readInNetns === 'function' ? addon : undefined;
  } catch {
    return undefined;
  }
}
