// Cost of a full breakdown through sock_diag vs /proc/net/tcp{,6}, at a few hundred thousand
// sockets built here, in one run. Root only: it makes a throwaway network namespace.
//   npm run bench:sockdiag -- [--pairs 100000] [--tw 70000] [--reps 3]
// ESTABLISHED pairs are held by child processes (at most ~20,000 descriptors each here), every
// fourth over ::1; TIME_WAIT by clients that close first (tcp_tw_reuse=0). Everything lives in
// the namespace and ends with it: holders exit when this process does, or after 10 minutes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const PAIRS_PER_HOLDER = 9500;
const LIFETIME_MS = 10 * 60_000;
const TW_DESTINATIONS = 20;

/** Both families' records through the addon, `batchBytes` at a time, unparsed: their total bytes. */
function dumpedBytes(addon, mask, batchBytes) {
  const batch = Buffer.allocUnsafe(batchBytes);
  let total = 0;
  for (const family of [4, 6])
    addon.dumpBatches(family, mask, batch, (bytes) => {
      total += bytes;
    });
  return total;
}

/** Opens `count` connections to host:port, `width` at a time; `close` makes each a TIME_WAIT. */
async function connectMany(host, port, count, width, close, keep) {
  let next = 0;
  const one = () =>
    new Promise((res, rej) => {
      const c = net.connect({ host, port }, () => {
        if (close) {
          c.on('close', res);
          c.end();
        } else {
          keep.push(c);
          res();
        }
      });
      c.on('error', rej);
    });
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next++ < count) await one();
    }),
  );
}

/** A listener that closes each connection when the client does (so the client holds TIME_WAIT). */
function listen(host, keep) {
  return new Promise((res) => {
    const srv = net.createServer({ allowHalfOpen: true }, (s) => {
      keep.push(s);
      s.on('error', () => {});
      s.on('end', () => s.end());
    });
    srv.listen(0, host, () => res(srv.address().port));
  });
}

const { values: o } = parseArgs({
  options: {
    pairs: { type: 'string', default: '100000' },
    tw: { type: 'string', default: '70000' },
    reps: { type: 'string', default: '3' },
    hold: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'in-netns': { type: 'boolean', default: false },
  },
});

/** CPU seconds (user + system) of this process's waited-for children, from /proc/self/stat. */
function childCpu() {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[14]) + Number(f[15])) / 100; // cutime, cstime (fields 16, 17), clock ticks
}
function cpuOfCommand(cmd, env = {}) {
  const c0 = childCpu();
  const r = spawnSync('bash', ['-c', cmd], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}`);
  return childCpu() - c0;
}
function cpuInProcess(fn) {
  const u0 = process.cpuUsage();
  const v = fn();
  const u = process.cpuUsage(u0);
  return [(u.user + u.system) / 1e6, v];
}
async function cpuInProcessAsync(fn) {
  const u0 = process.cpuUsage();
  const v = await fn();
  const u = process.cpuUsage(u0);
  return [(u.user + u.system) / 1e6, v];
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const pairs = Number(o.pairs);
  const tw = Number(o.tw);
  const reps = Number(o.reps);
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  for (const s of ['net.ipv4.tcp_tw_reuse=0', 'net.ipv4.ip_local_port_range=1024 65535', 'net.ipv4.tcp_max_tw_buckets=400000', 'net.core.somaxconn=4096', 'net.ipv4.tcp_max_syn_backlog=4096']) execFileSync('sysctl', ['-qw', s]);
  const dist = (p) => import(pathToFileURL(`${root}dist/${p}`).href);
  const { sampleLinuxProcfs } = await dist('source/linux.js');
  const { sampleLinuxSockdiag, countLinuxStates, ALL_STATES_MASK, DEFAULT_BATCH_BYTES } = await dist('source/linux-sockdiag.js');
  const { loadSockdiag } = await dist('source/sockdiag-addon.js');
  const addon = loadSockdiag();
  if (!addon) throw new Error('the sock_diag addon is not built (npm ci builds it when g++ is there)');

  const t0 = Date.now();
  const holders = [];
  for (let left = pairs, i = 0; left > 0; left -= PAIRS_PER_HOLDER, i++) {
    const host = i % 4 === 3 ? '::1' : '127.0.0.1';
    const h = spawn(process.execPath, [self, '--hold', String(Math.min(left, PAIRS_PER_HOLDER)), '--host', host], { stdio: ['pipe', 'pipe', 'inherit'] });
    holders.push(
      new Promise((res, rej) => {
        h.stdout.once('data', res);
        h.once('exit', (c) => rej(new Error(`holder exited ${c}`)));
      }),
    );
  }
  await Promise.all(holders);
  const tEst = Date.now();
  // TIME_WAIT last: it lasts 60 s, the measurements must fit in it
  const keep = [];
  // many destinations: connect() searches longer for a free port the fuller one destination is
  const twPorts = [];
  for (let i = 0; i < TW_DESTINATIONS; i++) twPorts.push(await listen('127.0.0.1', keep));
  await Promise.all(twPorts.map((p) => connectMany('127.0.0.1', p, Math.ceil(tw / TW_DESTINATIONS), 16, true, keep)));
  const tTw = Date.now();
  // the two ways agree on the same load (compared first, long before any TIME_WAIT expires)
  // (only the verdict and the counts are kept: the samples would burden the in-process rows' GC)
  const { agree, states } = await (async () => {
    const fast = await sampleLinuxSockdiag(addon, { topDestinations: 1_000_000 });
    const slow = await sampleLinuxProcfs({ topDestinations: 1_000_000 });
    const counted = await countLinuxStates(addon);
    const same = (k) => JSON.stringify(fast[k]) === JSON.stringify(slow[k]);
    return {
      agree: `states ${same('states')}, families ${same('families')}, destinations ${same('destinations')} (${fast.destinations.length}); states from O(1) counters + rare states ${JSON.stringify(counted) === JSON.stringify(slow.states)}`,
      states: fast.states,
    };
  })();
  // peak resident memory of a one-shot sample in a fresh node, each way (at the full count)
  const rss = Object.fromEntries(
    ['auto', 'procfs'].map((table) => {
      const code = `const { sampleLinux } = await import(${JSON.stringify(pathToFileURL(`${root}dist/source/linux.js`).href)});
      const s = await sampleLinux({ table: ${JSON.stringify(table)} });
      process.stdout.write(s.source + ' ' + Math.round(process.resourceUsage().maxRSS / 1024));`;
      const [source, mb] = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).split(' ');
      return [source, Number(mb)];
    }),
  );

  const cli = `${process.execPath} ${root}dist/cli.js --once --json > /dev/null`;
  const measures = {
    'cat /proc/net/tcp /proc/net/tcp6': () => cpuOfCommand('cat /proc/net/tcp /proc/net/tcp6 > /dev/null'),
    'netstat -ant | awk (the one-liner)': () => cpuOfCommand(`netstat -ant | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}' > /dev/null`),
    'tcpwatch --once --json, sock_diag (node start-up included)': () => cpuOfCommand(cli),
    'tcpwatch --once --json, procfs (TCPWATCH_TABLE=procfs)': () => cpuOfCommand(cli, { TCPWATCH_TABLE: 'procfs' }),
    'in-process full breakdown, sock_diag': () => cpuInProcessAsync(() => sampleLinuxSockdiag(addon, { topDestinations: 20 })),
    'in-process full breakdown, procfs parser': () => cpuInProcessAsync(() => sampleLinuxProcfs({ topDestinations: 20 })),
    'in-process addon.dumpBatches only (no parse)': () => cpuInProcess(() => dumpedBytes(addon, ALL_STATES_MASK, DEFAULT_BATCH_BYTES)),
    'in-process countStates, all states (no records)': () => cpuInProcess(() => [addon.countStates(4, ALL_STATES_MASK), addon.countStates(6, ALL_STATES_MASK)]),
    'in-process states from O(1) counters + a dump of the rare states (countLinuxStates)': () => cpuInProcessAsync(() => countLinuxStates(addon)),
  };
  const countAll = () => [4, 6].flatMap((f) => addon.countStates(f, ALL_STATES_MASK)).reduce((a, b) => a + b, 0);
  // TIME_WAIT expires 60 s after it was made: each rep's ratios are to its own cat, at its own count
  const secs = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
  const ratios = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
  const repSockets = [];
  for (let i = 0; i < reps; i++) {
    const before = countAll();
    const got = {};
    for (const [name, fn] of Object.entries(measures)) {
      const r = await fn();
      got[name] = Array.isArray(r) ? r[0] : r;
    }
    repSockets.push(`${before}..${countAll()}`);
    for (const name of Object.keys(measures)) {
      secs[name].push(got[name]);
      ratios[name].push(got[name] / got['cat /proc/net/tcp /proc/net/tcp6']);
    }
  }
  const tEnd = Date.now();

  const total = Object.values(states).reduce((a, b) => a + b, 0);
  const out = [];
  out.push(
    `date ${new Date().toISOString()}, kernel ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}, ${
      readFileSync('/proc/cpuinfo', 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('processor')).length
    } cores, node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  out.push(
    `sockets: ${total} (${Object.entries(states)
      .filter(([, n]) => n)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}); load built in ${((tEst - t0) / 1000).toFixed(1)} s + TIME_WAIT ${((tTw - tEst) / 1000).toFixed(1)} s; ${reps} reps in ${((tEnd - tTw) / 1000).toFixed(1)} s at ${repSockets.join(', ')} sockets`,
  );
  out.push(`sock_diag and procfs samples agree: ${agree}`);
  out.push(
    `peak RSS of node taking one full sample: ${Object.entries(rss)
      .map(([k, v]) => `${k} ${v} MB`)
      .join(', ')}`,
  );
  out.push('');
  out.push(`| CPU seconds (user + system), median of ${reps} reps | s | x cat, same rep |`);
  out.push('|---|---:|---:|');
  for (const name of Object.keys(measures)) out.push(`| ${name.replace('|', '\\|')} | ${median(secs[name]).toFixed(3)} | ${median(ratios[name]).toFixed(2)} |`);
  process.stdout.write(out.join('\n') + '\n');
  process.exit(0); // the holders see stdin close and exit; the namespace goes with them
}

if (o.hold) {
  // a holder: its own listener and `hold` ESTABLISHED pairs, until stdin closes
  setTimeout(() => process.exit(0), LIFETIME_MS).unref();
  process.stdin.on('close', () => process.exit(0)).resume();
  const keep = [];
  const port = await listen(o.host, keep);
  await connectMany(o.host, port, Number(o.hold), 64, false, keep);
  process.stdout.write('ready\n');
} else if (!o['in-netns']) {
  if (process.getuid?.() !== 0) throw new Error('root needed: the load lives in a throwaway network namespace (unshare -n)');
  const r = spawnSync('unshare', ['-n', process.execPath, self, '--in-netns', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else {
  await main();
}
