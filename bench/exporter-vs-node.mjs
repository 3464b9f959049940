// tcpwatch serve against Debian's node_exporter (its tcpstat, sockstat and netstat collectors: the
// same TCP data) at a real socket load, per scrape interval: the CPU each process spends per
// interval when scraped once per interval, their RSS, and how old tcpwatch's counts are at a scrape.
//   node bench/exporter.mjs --versus-node-exporter [--sockets 270k] [--intervals 5,15,60]   (root)
// Runs in a throwaway network namespace (bench/netns.js); everything is stopped at the end.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { sockstat, startLoad } from './load.js';
import { procUsage } from './measure.js';
import { insideOwnNetns, reexecInNewNetns } from './netns.js';
import { parseCount } from './synth.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
// below ip_unprivileged_port_start: the load widens the ephemeral range to 1024-65535
const PORTS = { tcpwatch: 929, node: 910 };
/** scrapes measured per interval: about two minutes at 60 s */
const SCRAPES = { 5: 6, 15: 4, 60: 2 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const scrape = (port) =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 30_000 }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
const metric = (body, name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1] ?? NaN);

async function startExporter(cmd, args, port) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
  for (let i = 0; i < 100; i++) {
    try {
      await scrape(port);
      return child;
    } catch {
      await sleep(200);
    }
  }
  child.kill();
  throw new Error(`${cmd} did not serve on ${port}: ${err}`);
}

/** One interval: both exporters scraped once per interval, `n` times; CPU per interval from /proc. */
async function measureInterval(seconds, n, tcpwatch, node) {
  // two scrapes at the new interval first, as a Prometheus scraping steadily would have made: from
  // them tcpwatch times its samples to the scrapes (the window's first sample is the one they plan)
  for (let i = 0; i < 2; i++) {
    await Promise.all([scrape(PORTS.tcpwatch), scrape(PORTS.node)]);
    await sleep(seconds * 1000);
  }
  const t0 = { tcpwatch: procUsage(tcpwatch.pid), node: procUsage(node.pid) };
  const ages = [];
  for (let i = 0; i < n; i++) {
    const [body] = await Promise.all([scrape(PORTS.tcpwatch), scrape(PORTS.node)]);
    ages.push(metric(body, 'tcpwatch_sample_age_seconds') + metric(body, 'tcpwatch_breakdown_age_seconds'));
    await sleep(seconds * 1000);
  }
  const t1 = { tcpwatch: procUsage(tcpwatch.pid), node: procUsage(node.pid) };
  const per = (k) => (t1[k].cpu - t0[k].cpu) / n;
  return {
    interval_s: seconds,
    scrapes: n,
    tcpwatch_cpu_s: per('tcpwatch'),
    node_exporter_cpu_s: per('node'),
    ratio: per('tcpwatch') / per('node'),
    tcpwatch_rss_mb: t1.tcpwatch.rssMB,
    node_exporter_rss_mb: t1.node.rssMB,
    max_count_age_s: Math.max(...ages),
    count_ages_s: ages,
  };
}

export async function versusNodeExporter(argv) {
  if (!insideOwnNetns()) process.exit(await reexecInNewNetns());
  const opt = (name, def) => {
    const i = argv.indexOf(name);
    return i > 0 ? argv[i + 1] : def;
  };
  const total = parseCount(opt('--sockets', '270k'));
  const intervals = opt('--intervals', '5,15,60').split(',').map(Number);
  const load = await startLoad({ total, onProgress: (t) => process.stderr.write(`${t}\n`) });
  const children = [];
  try {
    const s = sockstat();
    process.stderr.write(`load up: ${JSON.stringify(s)}\n`);
    const tcpwatch = await startExporter(process.execPath, [CLI, 'serve', '--listen', `127.0.0.1:${PORTS.tcpwatch}`, '--interval', '1s'], PORTS.tcpwatch);
    children.push(tcpwatch);
    const node = await startExporter('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${PORTS.node}`, '--collector.disable-defaults', '--collector.tcpstat', '--collector.sockstat', '--collector.netstat'], PORTS.node);
    children.push(node);
    const rows = [];
    for (const i of intervals) {
      const r = await measureInterval(i, SCRAPES[i] ?? 3, tcpwatch, node);
      process.stderr.write(`${JSON.stringify(r)}\n`);
      rows.push(r);
    }
    const body = await scrape(PORTS.tcpwatch);
    console.log(JSON.stringify({ sockets: s.inuse + s.inuse6 + s.tw, sockstat: s, source: /tcpwatch_build_info\{[^}]*source="([^"]+)"/.exec(body)?.[1], rows }, null, 1));
    console.log('\n| scrape interval | tcpwatch CPU s / interval | node_exporter CPU s / interval | ratio | tcpwatch RSS MB | node_exporter RSS MB | oldest count at a scrape |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.interval_s} s | ${r.tcpwatch_cpu_s.toFixed(3)} | ${r.node_exporter_cpu_s.toFixed(3)} | ${r.ratio.toFixed(2)}x | ${r.tcpwatch_rss_mb.toFixed(0)} | ${r.node_exporter_rss_mb.toFixed(0)} | ${r.max_count_age_s.toFixed(1)} s |`,
      );
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    load.stop();
  }
}
