import { kernelStateMask, SockdiagRecordParser } from '../parse/sockdiag-records.js';
import { TCP_STATES } from '../states.js';
import type { Sample } from '../types.js';
import { finishLinuxSample, startLinuxSample } from './linux-sample.js';
import { ProcRoot } from './proc-files.js';
import type { SockdiagAddon } from './sockdiag-addon.js';

/** Every state /proc/net/tcp shows, as the kernel's dump filter. */
export const ALL_STATES_MASK = kernelStateMask(TCP_STATES);

const ENOENT = 2;

/**
 * One full sample with the table from a sock_diag dump instead of /proc/net/tcp{,6}: the same
 * rows, in binary, without the kernel formatting text. Only for this machine's own namespace
 * (the kernel answers for the caller's), so never with --proc-root.
 */
export async function sampleLinuxSockdiag(
  addon: SockdiagAddon,
  opts: { topDestinations?: number | undefined; now?: (() => number) | undefined } = {},
): Promise<Sample> {
  const base = await startLinuxSample(new ProcRoot('/proc'), opts.now);
  const parser = new SockdiagRecordParser((row) => base.tally.add(row));
  for (const family of [4, 6] as const) {
    let records: Buffer;
    try {
      records = addon.dump(family, ALL_STATES_MASK);
    } catch (err) {
      // no IPv6 in this kernel: as when /proc/net/tcp6 is missing
      if (family === 6 && (err as { errno?: number }).errno === ENOENT) continue;
      throw err;
    }
    parser.push(records);
  }
  return finishLinuxSample(base, 'sock_diag', parser.unparsed, opts.topDestinations);
}
