// The pure-parser cost: streams /proc/net/tcp{,6} (or the files given) through tcpwatch's own
// reader, byte parser and tally, exactly as the procfs source does, and nothing else (no sysctls,
// no counters, no views). Prints one JSON line:
//   startupMs  wall time from process start to this script running (node start-up + imports)
//   parseMs / parseCpuMs  wall and CPU (user+sys) time of reading + parsing + tallying
//   rows, unparsed, bytes, states, rssMB (resident at the end), maxRssMB
//   node bench/parse-only.js [FILE...]      (run `npm run build` first: it imports dist/)
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

const startupMs = performance.now();
const { ProcNetTcpParser } = await import('../dist/parse/proc-net-tcp.js');
const { Tally } = await import('../dist/tally/index.js');
const { ProcRoot } = await import('../dist/source/proc-files.js');
const { readLinuxLimits } = await import('../dist/source/linux-limits.js');

const files = process.argv.slice(2);
if (files.length === 0) files.push('/proc/net/tcp', '/proc/net/tcp6');

const cpu0 = process.cpuUsage();
const t0 = performance.now();
// the tally needs the ephemeral range to tell outgoing ports from others, as in the source
const limits = await readLinuxLimits(new ProcRoot('/proc'), []);
const tally = new Tally({ portRange: limits.ip_local_port_range, reserved: limits.ip_local_reserved_ports });
let rows = 0;
let unparsed = 0;
let bytes = 0;
for (const f of files) {
  const parser = new ProcNetTcpParser((row) => tally.add(row), { detail: false });
  new ProcRoot(dirname(f)).stream(basename(f), (chunk) => {
    bytes += chunk.length;
    parser.push(chunk);
  });
  parser.end();
  rows += parser.rows;
  unparsed += parser.unparsed.count;
}
// the per-destination summary is part of every full sample
const destinations = tally.destinations().length;
const parseMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    files,
    startupMs: Math.round(startupMs),
    parseMs: Math.round(parseMs),
    parseCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rows,
    unparsed,
    repeats: tally.repeats,
    bytes,
    destinations,
    states: tally.states,
    rssMB: Math.round(process.memoryUsage.rss() / 1048576),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
