// Run as `unshare -n node netns-compare.mjs DIST`: makes a load of a few thousand sockets in the
// fresh namespace, then samples it through /proc, through sock_diag, and through /proc again,
// and prints the three (and the states from the O(1) counters and the kernel's counts) as one JSON object. DIST is the built dist/.
// The dump is sampled twice: in the default batches, and in batches of 7 records (a batch buffer
// that is no whole number of records) so it crosses a thousand batch boundaries; `batches` has how many.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { openLoad } from './loopback.mjs';

const dist = (p) => import(pathToFileURL(`${process.argv[2]}/${p}`).href);
const { sampleLinuxProcfs } = await dist('source/linux.js');
const { sampleLinuxSockdiag, countLinuxStates, ALL_STATES_MASK, DEFAULT_BATCH_BYTES } = await dist('source/linux-sockdiag.js');
const { loadSockdiag } = await dist('source/sockdiag-addon.js');
const { stateCountsFromKernel, SOCKDIAG_RECORD_SIZE } = await dist('parse/sockdiag-records.js');

const ORPHANS = 25;
const TINY_BATCH_BYTES = 7 * SOCKDIAG_RECORD_SIZE + 13;
const real = loadSockdiag();
if (!real) {
  process.stdout.write(JSON.stringify({ skipped: 'the sock_diag addon is not built here' }));
  process.exit(0);
}
/** The addon, counting the batches of each step below (named by `counting`). */
const batches = { default: 0, tiny: 0, tinyCount: 0, rest: 0 };
let counting = 'default';
const addon = {
  ...real,
  dumpBatches: (family, mask, batch, onBatch) =>
    real.dumpBatches(family, mask, batch, (bytes) => {
      batches[counting]++;
      onBatch(bytes);
    }),
};
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('sysctl', ['-qw', 'net.ipv4.tcp_tw_reuse=0']);
const loads = [await openLoad({ host: '127.0.0.1', established: 1500, timeWait: 1200, closeWait: 200 }), await openLoad({ host: '::1', established: 700, timeWait: 400, closeWait: 60 })];
// orphaned FIN_WAIT2: clients that close fully toward a server that never closes become timewait
// mini-sockets in FIN_WAIT2 (counted in sockstat tw, shown as FIN_WAIT2 in /proc)
for (let i = 0; i < ORPHANS; i++) {
  const c = net.connect({ host: '127.0.0.1', port: loads[0].leakyPort });
  await new Promise((res, rej) => c.once('connect', res).once('error', rej));
  c.destroy();
}
await new Promise((r) => setTimeout(r, 200));
// a destination's rates come from TIME_WAIT ages, which move on between the reads: compared as
// the sockets they count (one age per TIME_WAIT socket), not second by second
const rateCount = (r) => (r ? { basis: r.basis, aged: r.timeWaitAges.reduce((a, b) => a + b, 0) } : r);
const pick = (s) => ({
  source: s.source,
  states: s.states,
  families: s.families,
  destinations: s.destinations.map((d) => ({ ...d, rates: rateCount(d.rates) })),
  destinationCount: s.destinationCount,
  unparsed: s.unparsed,
  tw: s.sockstat.tw,
});
const opts = { topDestinations: 1_000_000 };
const procfs = pick(await sampleLinuxProcfs(opts));
const sockdiag = pick(await sampleLinuxSockdiag(addon, opts));
counting = 'tiny';
const tiny = pick(await sampleLinuxSockdiag(addon, { ...opts, batchBytes: TINY_BATCH_BYTES }));
counting = 'tinyCount';
const countedTiny = await countLinuxStates(addon, TINY_BATCH_BYTES);
counting = 'rest';
const procfs2 = pick(await sampleLinuxProcfs(opts));
const byCode = addon.countStates(4, ALL_STATES_MASK).map((n, i) => n + addon.countStates(6, ALL_STATES_MASK)[i]);
const counted = stateCountsFromKernel(byCode);
const fromCounters = await countLinuxStates(addon);
const batchSizes = { default: DEFAULT_BATCH_BYTES, tiny: TINY_BATCH_BYTES };
process.stdout.write(JSON.stringify({ procfs, sockdiag, tiny, procfs2, counted, fromCounters, countedTiny, batches, batchSizes, ports: loads.map((l) => [l.port, l.leakyPort]) }));
for (const l of loads) await l.close();
