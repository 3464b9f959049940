// Runs the built tcpwatch in the current terminal (a pseudo-terminal made by a test) and reports
// how it ended. With TW_LOAD=1 (inside a fresh `unshare -n`) it first opens known loopback sockets,
// so the test knows exactly what the screen must count.
//   env TW_STATE: file that receives {"pid": <tcpwatch pid>, "port": <listener port>} as JSON
//   env TW_SYSCTL: with TW_LOAD, sysctl settings (space-separated key=value) for the namespace first
//   env TW_EXHAUST: "LO HI" (inside a fresh `unshare -n`, instead of TW_LOAD): ephemeral ports LO-HI,
//     tcp_tw_reuse 0, a listener on 127.0.0.1:EXHAUST_PORT outside them, and short client-first
//     connections toward it at EXHAUST_PER_S until every port sits in TIME_WAIT; then each connect()
//     fails with EADDRNOTAVAIL, and it keeps trying at that rate (a port exhaustion in progress)
//   env TW_RATE: "RATE PORTS" (inside a fresh `unshare -n`): ephemeral ports 40000 on (PORTS of them),
//     tcp_tw_reuse 0, a listener on 127.0.0.1:EXHAUST_PORT, and RATE client-first connections per
//     second toward it, paced by the clock (a port exhaustion on its way: every one holds its port 60 s)
//   env TW_NODE_ARGS: JSON array of node options for tcpwatch (e.g. --import a hook)
//   env TW_STDERR: file for tcpwatch's stderr (to read it after the terminal is gone)
// After tcpwatch exits it prints "EXIT code=C signal=S", then `stty -a`, then "DONE".
import { execFileSync, spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import net from 'node:net';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
export const LOAD = { held: 12, closed: 7, halfClosed: 3 };

async function makeLoad() {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  for (const kv of (process.env.TW_SYSCTL ?? '').split(' ').filter(Boolean)) execFileSync('sysctl', ['-qw', kv]);
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.once('data', (b) => {
      // 'C': the client closes first, the server follows (client side ends in TIME_WAIT);
      // 'W': the server never closes (server CLOSE_WAIT, client FIN_WAIT2); 'H': held open
      if (b.toString() === 'C') s.on('end', () => s.end());
    });
    s.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const clients = [];
  const open = (kind) =>
    new Promise((resolve, reject) => {
      const c = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
        c.write(kind);
        if (kind === 'H') resolve();
        else c.end();
      });
      c.on('error', reject);
      c.resume();
      if (kind === 'C') c.on('close', resolve);
      if (kind === 'W') c.on('finish', () => setTimeout(resolve, 50));
      clients.push(c);
    });
  for (let i = 0; i < LOAD.held; i++) await open('H');
  for (let i = 0; i < LOAD.closed; i++) await open('C');
  for (let i = 0; i < LOAD.halfClosed; i++) await open('W');
  await new Promise((r) => setTimeout(r, 200));
  return {
    port,
    close: () => {
      for (const c of clients) c.destroy();
      server.close();
    },
  };
}

export const EXHAUST_PORT = 20000;
const EXHAUST_PER_S = 50;

async function makeExhaustion(range) {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('sysctl', ['-qw', `net.ipv4.ip_local_port_range=${range}`, 'net.ipv4.tcp_tw_reuse=0']);
  const server = net.createServer((s) => {
    s.on('end', () => s.end());
    s.on('error', () => {});
    s.resume();
  });
  await new Promise((r) => server.listen(EXHAUST_PORT, '127.0.0.1', r));
  let busy = false;
  let full;
  const filled = new Promise((r) => (full = r));
  // one connection at a time, at a bounded rate; the wrapper's own 60 s limit bounds the whole
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const c = net.connect({ port: EXHAUST_PORT, host: '127.0.0.1' }, () => c.end());
    c.on('error', (e) => {
      if (e.code === 'EADDRNOTAVAIL') full();
    });
    c.on('close', () => (busy = false));
    c.resume();
  }, 1000 / EXHAUST_PER_S);
  // tcpwatch starts on a full range: its first sample already sees the exhaustion
  await filled;
  return {
    port: EXHAUST_PORT,
    close: () => {
      clearInterval(timer);
      server.close();
    },
  };
}

async function makeRate(spec) {
  const [rate, ports] = spec.split(' ').map(Number);
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('sysctl', ['-qw', `net.ipv4.ip_local_port_range=40000 ${40000 + ports - 1}`, 'net.ipv4.tcp_tw_reuse=0']);
  const server = net.createServer((s) => {
    s.on('end', () => s.end());
    s.on('error', () => {});
    s.resume();
  });
  await new Promise((r) => server.listen(EXHAUST_PORT, '127.0.0.1', r));
  const start = performance.now();
  let due = 0;
  // paced by the clock: a late timer catches up, so the rate is the one asked for; bounded by the wrapper's 60 s
  const timer = setInterval(() => {
    while (due / rate <= (performance.now() - start) / 1000) {
      const c = net.connect({ port: EXHAUST_PORT, host: '127.0.0.1' }, () => c.end());
      c.on('error', () => {});
      c.resume();
      due++;
    }
  }, 10);
  return {
    port: EXHAUST_PORT,
    close: () => {
      clearInterval(timer);
      server.close();
    },
  };
}

const load = process.env.TW_RATE ? await makeRate(process.env.TW_RATE) : process.env.TW_EXHAUST ? await makeExhaustion(process.env.TW_EXHAUST) : process.env.TW_LOAD === '1' ? await makeLoad() : undefined;
const nodeArgs = process.env.TW_NODE_ARGS ? JSON.parse(process.env.TW_NODE_ARGS) : [];
const child = spawn(process.execPath, [...nodeArgs, CLI, ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', process.env.TW_STDERR ? openSync(process.env.TW_STDERR, 'w') : 'inherit'],
});
if (process.env.TW_STATE) writeFileSync(process.env.TW_STATE, JSON.stringify({ pid: child.pid, port: load?.port ?? 0 }));
// never outlive the test: a bounded life even if nobody quits tcpwatch
const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
child.on('exit', (code, signal) => {
  clearTimeout(limit);
  process.stdout.write(`\r\nEXIT code=${code} signal=${signal}\r\n`);
  try {
    process.stdout.write(
      execFileSync('stty', ['-a'], { stdio: ['inherit', 'pipe', 'inherit'] })
        .toString()
        .replace(/\n/g, '\r\n'),
    );
  } catch (e) {
    process.stdout.write(`stty failed: ${e.message}\r\n`);
  }
  process.stdout.write('DONE\r\n');
  load?.close();
  setTimeout(() => process.exit(0), 100);
});
