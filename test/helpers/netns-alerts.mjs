// Real alert scenarios, each in the fresh network namespace this runs in:
//   unshare -n node netns-alerts.mjs CLI SCENARIO [CAPTURE_DIR]
// SCENARIO: tw (TIME_WAIT toward a lowered tcp_max_tw_buckets, then past it), ports (a narrow
// ip_local_port_range exhausted toward one destination), close_wait (a server that never closes),
// listen (an accept queue that stays full), syn (SYN_RECV toward tcp_max_syn_backlog; needs nft), myths (the popular tuning in force, for advise). Runs `tcpwatch check` and `--once` at each step and
// prints [{step, args, code, stdout}] as JSON. With CAPTURE_DIR, the /proc files of the last step
// are copied there as a fixture tree (fixtures/make/capture-alerts.sh). Every load is bounded.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const [cli, scenario, captureDir] = process.argv.slice(2);
const once = (emitter, event) =>
  new Promise((res, rej) => {
    emitter.once(event, res);
    emitter.once('error', rej);
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sockets = [];
const servers = [];
const results = [];

function sysctl(kv) {
  execFileSync('sysctl', ['-qw', kv]);
}

/** Runs tcpwatch and records its output and exit status. */
function run(step, args) {
  const r = spawnSync('node', [cli, ...args], { encoding: 'utf8', timeout: 20_000 });
  results.push({ step, args, code: r.status, stdout: r.stdout, stderr: r.stderr });
}

/** The same, in the background, while the scenario goes on. */
function runLater(step, args) {
  const child = spawn('node', [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      results.push({ step, args, code, stdout, stderr });
      resolve();
    }),
  );
}

function checkAndOnce(step, extra = []) {
  run(`${step}: check`, ['check', '--check-window', '0', ...extra]);
  run(`${step}: --once`, ['--once', ...extra]);
}

/** A listener; `leak`: it never closes its side, so a client's half-close leaves CLOSE_WAIT. */
async function listen(port, { leak = false } = {}) {
  const srv = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.push(s);
    s.on('error', () => {});
    if (!leak) s.on('end', () => s.end());
  });
  srv.listen(port, '127.0.0.1');
  await once(srv, 'listening');
  servers.push(srv);
  return srv.address().port;
}

async function connect(port) {
  const c = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  c.on('error', () => {});
  await once(c, 'connect');
  sockets.push(c);
  return c;
}

/** `n` client-first closes: each leaves the client's port in TIME_WAIT for 60 s. */
async function timeWait(port, n) {
  for (let i = 0; i < n; i++) {
    const c = await connect(port);
    c.end();
    await once(c, 'close');
  }
  await sleep(100);
}

function capture(dir) {
  const files = [
    'net/tcp',
    'net/tcp6',
    'net/sockstat',
    'net/sockstat6',
    'net/snmp',
    'net/netstat',
    'sys/net/ipv4/tcp_max_tw_buckets',
    'sys/net/ipv4/ip_local_port_range',
    'sys/net/ipv4/ip_local_reserved_ports',
    'sys/net/ipv4/tcp_tw_reuse',
    'sys/net/ipv4/tcp_fin_timeout',
    'sys/net/ipv4/tcp_timestamps',
    'sys/net/ipv4/tcp_max_syn_backlog',
    'sys/net/ipv4/tcp_syncookies',
    'sys/net/core/somaxconn',
    'sys/kernel/osrelease',
  ];
  for (const f of files) {
    mkdirSync(dirname(join(dir, 'proc', f)), { recursive: true });
    writeFileSync(join(dir, 'proc', f), readFileSync(join('/proc', f))); // /proc files say size 0: read, never copy
  }
}

execFileSync('ip', ['link', 'set', 'lo', 'up']);
sysctl('net.ipv4.tcp_tw_reuse=0'); // loopback's default 2 would reuse TIME_WAIT ports at once

if (scenario === 'tw') {
  sysctl('net.ipv4.tcp_max_tw_buckets=100');
  const port = await listen(0);
  checkAndOnce('quiet');
  await timeWait(port, 85);
  checkAndOnce('85 of 100');
  await timeWait(port, 11);
  checkAndOnce('96 of 100');
  // past the limit while check watches: the kernel skips TIME_WAIT and counts TCPTimeWaitOverflow
  const later = runLater('past the limit: check', ['check', '--check-window', '4s']);
  await sleep(700);
  await timeWait(port, 20);
  await later;
  run('past the limit: --once', ['--once']);
} else if (scenario === 'ports') {
  sysctl('net.ipv4.ip_local_port_range=40000 40099'); // 100 ports, ends of different parity
  await listen(8080); // outside the range: the listener takes none of the 100
  for (let i = 0; i < 25; i++) await connect(8080);
  await timeWait(8080, 60);
  checkAndOnce('85 of 100');
  await timeWait(8080, 11);
  checkAndOnce('96 of 100');
} else if (scenario === 'close_wait') {
  const port = await listen(0, { leak: true });
  for (let i = 0; i < 120; i++) (await connect(port)).end();
  await sleep(200);
  checkAndOnce('120 CLOSE_WAIT');
  checkAndOnce('120 CLOSE_WAIT, critical at 110', ['--set', 'close_wait_leak.critical=110']);
} else if (scenario === 'listen') {
  const py = spawn('python3', [fileURLToPath(new URL('./backlog.py', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve) => py.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
  run('full accept queue: check', ['check', '--check-window', '1500ms', '--set', 'listen_overflow.critical=100000']);
  run('full accept queue: --once', ['--once', '--check-window', '1s', '--set', 'listen_overflow.critical=100000']);
  py.stdin.end();
  await once(py, 'close');
} else if (scenario === 'syn') {
  // half-open connections: the listener's SYN-ACKs are dropped (nft), so each SYN leaves a request sock
  sysctl('net.ipv4.tcp_max_syn_backlog=20');
  await listen(9998);
  const nft = (...args) => execFileSync('nft', args);
  nft('add', 'table', 'inet', 'f');
  nft('add', 'chain', 'inet', 'f', 'out', '{ type filter hook output priority 0; }');
  nft('add', 'rule', 'inet', 'f', 'out', 'tcp', 'sport', '9998', 'tcp', 'flags', '&', '(syn|ack)', '==', 'syn|ack', 'drop');
  const halfOpen = async (n) => {
    for (let i = 0; i < n; i++) {
      const c = net.connect(9998, '127.0.0.1');
      c.on('error', () => {});
      sockets.push(c);
    }
    await sleep(300);
  };
  await halfOpen(12);
  checkAndOnce('12 SYN_RECV of 20');
  await halfOpen(7);
  checkAndOnce('19 SYN_RECV of 20');
  // a listener with a SYN queue of 4: past it the kernel answers with syncookies (SyncookiesSent)
  const small = net.createServer(() => {});
  small.listen({ port: 9997, host: '127.0.0.1', backlog: 4 });
  await once(small, 'listening');
  servers.push(small);
  nft('add', 'rule', 'inet', 'f', 'out', 'tcp', 'sport', '9997', 'tcp', 'flags', '&', '(syn|ack)', '==', 'syn|ack', 'drop');
  const syn = () => {
    const c = net.connect(9997, '127.0.0.1');
    c.on('error', () => {});
    sockets.push(c);
  };
  // 5 SYNs fill the queue of 4 (their request socks stay: the SYN-ACKs are dropped); then one SYN
  // every 250 ms while check watches, so cookies are sent inside its window however late its
  // first sample comes on a loaded machine (bounded: at most 60 more)
  for (let i = 0; i < 5; i++) syn();
  let done = false;
  const later = runLater('syncookies: check', ['check', '--check-window', '3s']).then(() => (done = true));
  for (let i = 0; i < 60 && !done; i++) {
    syn();
    await sleep(250);
  }
  await later;
} else if (scenario === 'myths') {
  // the popular "TIME_WAIT tuning" sysctl.conf of blog posts, in force
  for (const kv of ['net.ipv4.tcp_fin_timeout=30', 'net.ipv4.ip_local_port_range=1024 65000', 'net.ipv4.tcp_max_tw_buckets=5000', 'net.ipv4.tcp_tw_reuse=1', 'net.ipv4.tcp_timestamps=0']) sysctl(kv);
  const port = await listen(0);
  for (let i = 0; i < 5; i++) await connect(port);
  await timeWait(port, 5);
  run('seed tuning: advise', ['advise']);
  run('seed tuning: advise --json', ['advise', '--json']);
} else {
  throw new Error(`unknown scenario ${scenario}`);
}

if (captureDir) capture(captureDir);
for (const s of sockets) s.destroy();
for (const s of servers) s.close();
process.stdout.write(JSON.stringify(results));
