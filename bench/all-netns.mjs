// `npm run bench:netns` (also the last step of `npm run bench`): what --all-netns costs. As root:
// 100 namespaces of 1,000 sockets each, then one namespace of the same 100,000 sockets, both
// made by bench/netns-load.py and deleted at the end; the CPU of `--once --all-netns --json`
// over the first against `--once --json` inside the second (target: at most 2x), and the cost
// of reading one namespace's sysctls and counters from inside it: the addon's setns() thread
// against `nsenter --net=PATH cat ...`.
// `--child-ehash N` (Linux 6.1+): the 100 namespaces are made while net.ipv4.tcp_child_ehash_entries
// is N, so each owns a TCP hash of N buckets instead of sharing the host's; the sysctl is put back
// as soon as they exist. `--count N --each N`: other sizes (a quick run). `--ipv6 SHARE` (0..1):
// that share of every namespace's connections over ::1, as dual-stack pods have (default 0).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, procUsage, timed } from './measure.js';
import { isRoot } from './netns.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const COUNT = arg('--count', 100);
const EACH = arg('--each', 1000);
/** buckets of each namespace's own TCP hash (0: they share the host's, the kernel's default) */
const CHILD_EHASH = arg('--child-ehash', 0);
const IPV6 = arg('--ipv6', 0);
const CHILD_EHASH_SYSCTL = '/proc/sys/net/ipv4/tcp_child_ehash_entries';
const RUNS = 3;
const log = (t) => process.stderr.write(`[bench:netns ${new Date().toISOString().slice(11, 19)}] ${t}\n`);

/** Descriptors one load process may hold (RLIMIT_NOFILE here is 20,000): the load is spread over several. */
const FDS_PER_WORKER = 15_000;

/**
 * Makes `count` namespaces PREFIX-0.. and `each` sockets in every one, over as many load
 * processes as the descriptor limit needs; resolves once all are built, with a function that
 * ends them and deletes the namespaces.
 */
export async function load(prefix, count, each, childEhash = 0) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  // the sysctl is the host's and read when a namespace is made: set only while ours are made
  const before = childEhash > 0 ? readFileSync(CHILD_EHASH_SYSCTL, 'utf8').trim() : undefined;
  if (before !== undefined) writeFileSync(CHILD_EHASH_SYSCTL, String(childEhash));
  try {
    for (const n of names) spawnSync('ip', ['netns', 'add', n]);
  } finally {
    if (before !== undefined) writeFileSync(CHILD_EHASH_SYSCTL, before);
  }
  for (const n of names) spawnSync('ip', ['netns', 'exec', n, 'ip', 'link', 'set', 'lo', 'up']);
  // one namespace bigger than a worker can hold is built by several workers, each its share
  const fds = Math.ceil(each * 0.75);
  const split = Math.max(1, Math.ceil(fds / FDS_PER_WORKER));
  const perWorker = Math.max(1, Math.floor(FDS_PER_WORKER / fds));
  const jobs = [];
  for (let i = 0; i < names.length; i += perWorker) {
    for (let k = 0; k < split; k++) jobs.push({ each: Math.ceil(each / split), names: names.slice(i, i + perWorker) });
  }
  const children = jobs.map((j) => spawn('python3', [join(ROOT, 'bench/netns-load.py'), '--ipv6', String(IPV6), String(j.each), ...j.names], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const stop = async () => {
    await Promise.all(
      children.map((c) => {
        c.stdin.end();
        return new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', r)));
      }),
    );
    for (const n of names) spawnSync('ip', ['netns', 'delete', n]);
  };
  const ready = await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          c.stdout.on('data', (d) => d.toString().includes('ready') && resolve(true));
          c.once('exit', () => resolve(false));
        }),
    ),
  );
  if (ready.includes(false)) {
    await stop();
    throw new Error(`netns-load.py for ${prefix}: a load process failed`);
  }
  return stop;
}

function cpuOf(cmd, tmp) {
  const rs = Array.from({ length: RUNS }, () => timed(cmd, { cwd: ROOT, tmp }));
  return { cpu: median(rs.map((r) => r.cpu)), wall: median(rs.map((r) => r.wall)), rss: median(rs.map((r) => r.maxRssMB)), stdout: rs[0].stdout };
}

/** ms of CPU per namespace: the addon reading limits and counters inside, against nsenter + cat. */
async function enterCost(paths) {
  // the addon tcpwatch itself loads (prebuilds/, else a build from source)
  const { loadSockdiagFrom } = await import(join(ROOT, 'dist/source/sockdiag-addon.js'));
  const { addon, reason } = loadSockdiagFrom(ROOT);
  if (!addon) throw new Error(`no sock_diag addon: ${reason}`);
  const files = ['ipv4/tcp_max_tw_buckets', 'ipv4/ip_local_port_range', 'ipv4/ip_local_reserved_ports', 'ipv4/tcp_tw_reuse', 'core/somaxconn'].map((f) => `/proc/sys/net/${f}`);
  const u0 = process.cpuUsage();
  for (const p of paths) addon.readInNetns(p, [...files, '/proc/thread-self/net/sockstat', '/proc/thread-self/net/snmp']);
  const u = process.cpuUsage(u0);
  const addonMs = (u.user + u.system) / 1000 / paths.length;
  const t = timed(paths.map((p) => `nsenter --net=${p} cat ${files.join(' ')} /proc/self/net/sockstat /proc/self/net/snmp > /dev/null`).join('; '), { cwd: ROOT, tmp: tmpdir() });
  return { addonMs, nsenterMs: (t.cpu * 1000) / paths.length };
}

const SCRAPES = 5;

/**
 * CPU of `serve --all-netns` per scrape: each scrape asks for one round (every namespace's table),
 * taken in the sampling thread; scraped every 2 s (its --interval) after the first round.
 */
async function serveCost() {
  const child = spawn('node', ['dist/cli.js', 'serve', '--all-netns', '--listen', '127.0.0.1:0', '--interval', '2s'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        const m = /127\.0\.0\.1:(\d+)\/metrics/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => reject(new Error(`serve --all-netns exited: ${err}`)));
    });
    const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    await scrape();
    await new Promise((r) => setTimeout(r, 2500));
    const u0 = procUsage(child.pid);
    let bytes = 0;
    for (let i = 0; i < SCRAPES; i++) {
      bytes = (await scrape()).length;
      await new Promise((r) => setTimeout(r, 2500));
    }
    const u1 = procUsage(child.pid);
    return { cpuPerScrape: (u1.cpu - u0.cpu) / SCRAPES, rss: u1.rssMB, bytes };
  } finally {
    child.kill('SIGTERM');
  }
}

/** The --all-netns step of the bench; prints its Markdown section. */
export async function benchAllNetns() {
  if (!isRoot()) {
    log('skipped: needs root (it makes network namespaces)');
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-bench-netns-'));
  const prefix = `tcpwatch-bench-${process.pid}`;
  try {
    log(`building ${COUNT} namespaces x ${EACH} sockets${CHILD_EHASH > 0 ? `, each with its own TCP hash of ${CHILD_EHASH} buckets` : ''}`);
    let stop = await load(`${prefix}-many`, COUNT, EACH, CHILD_EHASH);
    let many, cost, ehash, served;
    try {
      ehash = spawnSync('ip', ['netns', 'exec', `${prefix}-many-0`, 'sysctl', '-n', 'net.ipv4.tcp_ehash_entries'], { encoding: 'utf8' }).stdout.trim();
      many = cpuOf('node dist/cli.js --once --all-netns --json', tmp);
      served = await serveCost();
      cost = await enterCost(Array.from({ length: COUNT }, (_, i) => `/run/netns/${prefix}-many-${i}`));
    } finally {
      await stop();
    }
    const doc = JSON.parse(many.stdout);
    const ours = doc.namespaces.filter((e) => e.netns.name?.startsWith(`${prefix}-many-`));
    const sockets = ours.map((e) => Object.values(e.states).reduce((a, b) => a + b, 0));
    log(`building 1 namespace x ${COUNT * EACH} sockets`);
    stop = await load(`${prefix}-one`, 1, COUNT * EACH);
    let one;
    try {
      one = cpuOf(`nsenter --net=/run/netns/${prefix}-one-0 node dist/cli.js --once --json > /dev/null`, tmp);
    } finally {
      await stop();
    }
    const ratio = many.cpu / one.cpu;
    const lines = [
      `## --all-netns (${new Date().toISOString().slice(0, 10)}, ${COUNT} namespaces x ${EACH} sockets vs 1 x ${COUNT * EACH}, median of ${RUNS}${CHILD_EHASH > 0 ? `, --child-ehash ${CHILD_EHASH}` : ''}${IPV6 > 0 ? `, --ipv6 ${IPV6}` : ''})`,
      '',
      `The ${COUNT} namespaces' net.ipv4.tcp_ehash_entries: ${ehash} (negative: the host's hash, shared).`,
      '',
      '| what | CPU s | wall s | max RSS MB |',
      '|---|---:|---:|---:|',
      `| \`--once --all-netns --json\` over ${doc.namespaces.length} namespaces (${ours.length} of the bench, ${Math.min(...sockets)}-${Math.max(...sockets)} sockets each) | ${many.cpu.toFixed(2)} | ${many.wall.toFixed(2)} | ${many.rss.toFixed(0)} |`,
      `| \`--once --json\` inside one namespace of ${COUNT * EACH} sockets | ${one.cpu.toFixed(2)} | ${one.wall.toFixed(2)} | ${one.rss.toFixed(0)} |`,
      '',
      `Ratio ${ratio.toFixed(2)}x (target at most 2x): ${ratio <= 2 ? 'met' : 'NOT met'}.`,
      `\`serve --all-netns\` (default --top-netns 10) over the same namespaces: ${served.cpuPerScrape.toFixed(2)} s CPU per scrape (one round each, ${SCRAPES} scrapes 2.5 s apart), ${served.rss.toFixed(0)} MB RSS, ${(served.bytes / 1024).toFixed(0)} KiB per scrape.`,
      `Reading one namespace's sysctls and counters from inside: ${cost.addonMs.toFixed(2)} ms CPU with the addon's setns() thread, ${cost.nsenterMs.toFixed(1)} ms with \`nsenter --net=PATH cat ...\` (its processes' CPU).`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchAllNetns();
