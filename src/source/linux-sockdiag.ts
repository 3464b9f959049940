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

/** The kernel's timer code of a timewait socket (as in /proc/net/tcp's tr column). */
const TIMEWAIT_TIMER = 3;

/**
 * Bytes of records the addon hands over at a time: 64 KiB (1092 sockets) instead of the whole
 * table at once (16 MB at 270k sockets).
 */
export const DEFAULT_BATCH_BYTES = 1092 * SOCKDIAG_RECORD_SIZE;

/**
 * Streams one dump of both families (one walk of the kernel's TCP hash, not one per family)
 * through the parser a batch at a time. A dump that fails midway throws, never a partial table.
 */
function dumpTable(addon: SockdiagAddon, mask: number, parser: SockdiagRecordParser, batchBytes = DEFAULT_BATCH_BYTES, nsPath?: string): void {
  const batch = Buffer.allocUnsafe(batchBytes);
  addon.dumpBatches(0, mask, batch, (bytes) => parser.push(batch.subarray(0, bytes)), nsPath);
}

/**
 * Whether an entered namespace's dump cannot find anything, from its sockstat (read just before):
 * each dump walks the kernel's one socket hash of the whole host, every namespace's sockets, so
 * with --all-netns the dumps cost (namespaces x host sockets) and the empty ones are worth
 * skipping. No full socket and no timewait one: nothing at all (request socks need a listener,
 * which counts in inuse). A socket born between the sockstat read and the dump is missed for that
 * one sample, as /proc/net/tcp can miss rows.
 */
function nothingToDump(st: Sockstat): boolean {
  return st.inuse === 0 && st.inuse6 === 0 && st.tw === 0;
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
    const parser = new SockdiagRecordParser(
      (row) => {
        add(row);
        opts.onRow?.(row);
      },
      { detail: false },
    );
    if (opts.nsPath === undefined || !nothingToDump(base.sockstat)) dumpTable(addon, ALL_STATES_MASK, parser, opts.batchBytes, opts.nsPath);
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
  dumpTable(addon, kernelStateMask(RARE_STATES), parser, batchBytes);
  if (parser.unparsed.count > 0) return undefined;
  const { sockstat, counters } = await readLinuxCounters(new ProcRoot('/proc'), []);
  return statesFromCounters(rare, counters.Tcp.CurrEstab, sockstat.tw);
}
