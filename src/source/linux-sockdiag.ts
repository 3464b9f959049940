import { RARE_STATES, statesFromCounters, type RareCount } from '../counted-states.js';
import { kernelStateMask, SOCKDIAG_RECORD_SIZE, SockdiagRecordParser } from '../parse/sockdiag-records.js';
import { emptyStateCounts, TCP_STATES, type StateCounts } from '../states.js';
import type { Sample, Sockstat, TcpRow } from '../types.js';
import { readLinuxCounters } from './linux-counters.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import { finishLinuxSample, startLinuxSample, type NamespaceFiles } from './linux-sample.js';
import { ProcRoot } from './proc-files.js';
import type { SockdiagAddon } from './sockdiag-addon.js';

/** Every state /proc/net/tcp shows, as the kernel's dump filter. */
export const ALL_STATES_MASK = kernelStateMask(TCP_STATES);

const ENOENT = 2;
/** The kernel's timer code of a timewait socket (as in /proc/net/tcp's tr column). */
const TIMEWAIT_TIMER = 3;

/**
 * Bytes of records the addon hands over at a time: 64 KiB (1092 sockets) instead of the whole
 * table at once (16 MB at 270k sockets).
 */
export const DEFAULT_BATCH_BYTES = 1092 * SOCKDIAG_RECORD_SIZE;

/**
 * Streams both families' dumps through the parser one batch at a time; a kernel without IPv6 is
 * as when /proc/net/tcp6 is missing. A dump that fails midway throws, never a partial table.
 */
function dumpBoth(addon: SockdiagAddon, mask: number, parser: SockdiagRecordParser, batchBytes = DEFAULT_BATCH_BYTES, nsPath?: string, skip?: (family: 4 | 6) => boolean): void {
  const batch = Buffer.allocUnsafe(batchBytes);
  for (const family of [4, 6] as const) {
    if (skip?.(family)) continue;
    let batches = 0;
    try {
      addon.dumpBatches(
        family,
        mask,
        batch,
        (bytes) => {
          batches++;
          parser.push(batch.subarray(0, bytes));
        },
        nsPath,
      );
    } catch (err) {
      // only the refused request means "no IPv6": after a batch, rows were counted and it must throw
      if (family === 6 && batches === 0 && (err as { errno?: number }).errno === ENOENT) continue;
      throw err;
    }
  }
}

/**
 * Which dumps of an entered namespace cannot find anything, from its sockstat (read just before):
 * each dump walks the kernel's one socket hash of the whole host, every namespace's sockets, so
 * with --all-netns the dumps cost (namespaces x host sockets) and the empty ones are worth
 * skipping. No full socket and no timewait one: nothing at all (request socks need a listener,
 * which counts in inuse). No IPv6 full socket, and every timewait socket (`tw` counts both
 * families) already seen in the IPv4 dump: nothing in IPv6. A timewait socket born between the
 * sockstat read and the dumps is missed for that one sample, as /proc/net/tcp can miss rows.
 */
function emptyFamily(st: Sockstat, timewait4: () => number): (family: 4 | 6) => boolean {
  const { inuse, inuse6, tw } = st;
  if (inuse === undefined || inuse6 === undefined || tw === undefined) return () => false;
  return (family) => (family === 4 ? inuse === 0 && inuse6 === 0 && tw === 0 : inuse6 === 0 && timewait4() >= tw);
}

/**
 * One full sample with the table from a sock_diag dump instead of /proc/net/tcp{,6}: the same
 * rows, in binary, without the kernel formatting text. Only for this machine's namespaces (the
 * kernel answers for the one the socket was opened in: tcpwatch's, or `nsPath` entered), so
 * never with --proc-root; `files` are where that namespace's limits and counters are read.
 * `onRow` may have seen some rows when it throws. `batchBytes` is for tests (many batch
 * boundaries in a small table).
 */
export async function sampleLinuxSockdiag(
  addon: SockdiagAddon,
  opts: {
    topDestinations?: number | undefined;
    filter?: RowFilterSpec | undefined;
    now?: (() => number) | undefined;
    onRow?: ((row: TcpRow) => void) | undefined;
    batchBytes?: number | undefined;
    nsPath?: string | undefined;
    files?: NamespaceFiles | undefined;
  } = {},
): Promise<Sample> {
  const base = await startLinuxSample(new ProcRoot('/proc'), opts.now, opts.files);
  return finishLinuxSample(base, 'sock_diag', opts, (add) => {
    // the sample counts rows and names their owners: queues and timer lengths are not needed
    let timewait4 = 0;
    const parser = new SockdiagRecordParser(
      (row) => {
        if (row.timer === TIMEWAIT_TIMER) timewait4++;
        add(row);
        opts.onRow?.(row);
      },
      { detail: false },
    );
    dumpBoth(addon, ALL_STATES_MASK, parser, opts.batchBytes, opts.nsPath, opts.nsPath !== undefined ? emptyFamily(base.sockstat, () => timewait4) : undefined);
    return parser.unparsed;
  });
}

/**
 * Every state's count for a fraction of a full dump's cost: ESTABLISHED and TIME_WAIT from the O(1)
 * counters, the rest enumerated with the bulk states filtered out in the kernel. No destinations
 * and no per-family split; undefined when the reads disagree (the table changed between them) or
 * a record was unreadable, so the caller takes a full sample instead.
 */
export async function countLinuxStates(addon: SockdiagAddon, batchBytes?: number): Promise<StateCounts | undefined> {
  const rare: RareCount = { states: emptyStateCounts(), timewaitFinWait2: 0 };
  const parser = new SockdiagRecordParser(
    (row) => {
      rare.states[row.state]++;
      // the kernel matches timewait sockets by their substate: orphaned FIN_WAIT2 ones come here
      if (row.state === 'FIN_WAIT2' && row.timer === TIMEWAIT_TIMER) rare.timewaitFinWait2++;
    },
    { detail: false },
  );
  dumpBoth(addon, kernelStateMask(RARE_STATES), parser, batchBytes);
  if (parser.unparsed.count > 0) return undefined;
  const { sockstat, counters } = await readLinuxCounters(new ProcRoot('/proc'), []);
  return statesFromCounters(rare, counters.Tcp.CurrEstab, sockstat.tw);
}
