// Exporter cost at N sockets: scrape latency of `tcpwatch serve` and the CPU the server spends
// sampling, in a fresh network namespace holding N loopback connections (root: unshare -n).
//   node bench/exporter.mjs [--pairs 10000] [--scrapes 300] [--window 10] [--abuse 4000]
//   node bench/exporter.mjs --versus-node-exporter [--sockets 270k] [--intervals 5,15,60]
// Then the abuse phase: --abuse idle connections and a quarter as many byte-a-minute ones held
// open, with oversized-header and junk requests, while scrapes go on: their latency, how many
// abusive connections the server kept, and the server's RSS before and after.
// Bounded: at most 30000 pairs and 8000 abusive connections, everything closed and the server stopped at the end.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const pairs = Math.min(arg('--pairs', 10000), 30000);
const scrapes = Math.min(arg('--scrapes', 300), 10000);
const windowS = Math.min(arg('--window', 10), 120);
const abuse = Math.min(arg('--abuse', 4000), 8000);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const PER_HOLDER = 8000; // pairs per process: both ends are its fds, under a 20000 fd limit

if (process.argv.includes('--versus-node-exporter')) {
  // against node_exporter at a real load, per scrape interval: bench/exporter-vs-node.mjs
  await (await import('./exporter-vs-node.mjs')).versusNodeExporter(process.argv);
} else if (process.argv.includes('--hold')) {
  // a holder: its own listener and `--hold` client connections to it, until stdin closes
  const k = arg('--hold', 0);
  const socks = [];
  const server = net.createServer((s) => {
    socks.push(s);
    s.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  for (let done = 0; done < k;) {
    const batch = Math.min(500, k - done);
    await Promise.all(
      Array.from(
        { length: batch },
        () =>
          new Promise((res, rej) => {
            const c = net.connect(server.address().port, '127.0.0.1', () => res());
            c.on('error', rej);
            socks.push(c);
          }),
      ),
    );
    done += batch;
  }
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  setTimeout(() => process.exit(0), 600_000).unref();
} else if (!process.argv.includes('--in-netns')) {
  // a namespace of our own: nothing else's sockets, no effect on the host
  execFileSync('unshare', ['-n', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--in-netns'], { stdio: 'inherit', timeout: 600_000 });
} else {
  await measure();
}

async function measure() {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  const holders = [];
  for (let left = pairs; left > 0; left -= PER_HOLDER) {
    const h = spawn(process.execPath, [fileURLToPath(import.meta.url), '--hold', String(Math.min(PER_HOLDER, left))], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((res, rej) => {
      h.stdout.once('data', res);
      h.once('exit', () => rej(new Error('holder failed')));
    });
    holders.push(h);
  }

  const clk = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  const cpuOf = (pid) => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2)
      .split(' ');
    return (Number(f[11]) + Number(f[12])) / clk;
  };

  const srv = spawn(process.execPath, [cli, 'serve', '--listen', '127.0.0.1:0', '--interval', '2s'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const metricsPort = await new Promise((resolve, reject) => {
    let err = '';
    srv.stderr.on('data', (d) => {
      err += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    srv.on('exit', () => reject(new Error(`serve exited: ${err}`)));
  });
  const get = () =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      http
        .get({ host: '127.0.0.1', port: metricsPort, path: '/metrics', agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, body, status: res.statusCode }));
        })
        .on('error', reject);
    });

  const first = await get();
  const est = Number(/node_tcp_connection_states\{state="established"\} (\d+)/.exec(first.body)?.[1]);
  const lat = [];
  for (let i = 0; i < scrapes; i++) {
    const r = await get();
    if (r.status !== 200) throw new Error(`scrape ${i}: HTTP ${r.status}`);
    lat.push(r.ms);
  }
  lat.sort((a, b) => a - b);
  // the server's own CPU while idle between scrapes: sampling only
  const c0 = cpuOf(srv.pid);
  await new Promise((r) => setTimeout(r, windowS * 1000));
  const c1 = cpuOf(srv.pid);
  const t0 = performance.now();
  execFileSync('sh', ['-c', 'cat /proc/net/tcp /proc/net/tcp6 >/dev/null']);
  const catMs = performance.now() - t0;

  const abused = await abusePhase(metricsPort, get, srv.pid);

  console.log(
    JSON.stringify(
      {
        pairs,
        sockets_established_seen: est,
        body_bytes: Buffer.byteLength(first.body),
        scrapes,
        scrape_ms: { median: lat[Math.floor(lat.length / 2)].toFixed(2), p99: lat[Math.floor(lat.length * 0.99)].toFixed(2), max: lat[lat.length - 1].toFixed(2) },
        server_cpu_share_idle: ((c1 - c0) / windowS).toFixed(4),
        cat_proc_net_tcp_ms: catMs.toFixed(1),
        abuse: abused,
      },
      null,
      1,
    ),
  );

  srv.kill('SIGTERM');
  for (const h of holders) h.stdin.end();
}

function rssMb(pid) {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

async function abusePhase(port, get, pid) {
  const rssBefore = rssMb(pid);
  const held = [];
  const open = (first) =>
    new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        if (first) c.write(first);
        resolve();
      });
      const h = { c, closed: false };
      c.on('error', () => {});
      c.on('close', () => (h.closed = true));
      c.resume();
      held.push(h);
    });
  const junk = (bytes) =>
    new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => c.write(bytes));
      c.on('error', resolve);
      c.on('close', resolve);
      c.resume();
    });
  const lat = [];
  for (let done = 0; done < abuse; done += 500) {
    await Promise.all(Array.from({ length: Math.min(500, abuse - done) }, (_, i) => open(i % 5 === 4 ? 'G' : undefined)));
    await Promise.all([junk(`GET / HTTP/1.1\r\nX: ${'a'.repeat(65536)}\r\n\r\n`), junk(Buffer.alloc(4096, 0xff))]);
    const r = await get();
    if (r.status !== 200) throw new Error(`scrape under abuse: HTTP ${r.status}`);
    lat.push(r.ms);
  }
  for (let i = 0; i < 20; i++) lat.push((await get()).ms);
  const kept = held.filter((h) => !h.closed).length;
  const rssAfter = rssMb(pid);
  for (const h of held) h.c.destroy();
  lat.sort((a, b) => a - b);
  return {
    connections: held.length,
    kept_open_by_server: kept,
    scrape_ms_under_abuse: { median: lat[Math.floor(lat.length / 2)].toFixed(2), max: lat[lat.length - 1].toFixed(2) },
    rss_mb: { before: rssBefore.toFixed(1), after: rssAfter.toFixed(1) },
  };
}
