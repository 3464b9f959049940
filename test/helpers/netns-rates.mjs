// A connection load at a rate this script sets, in the fresh network namespace it runs in:
//   unshare -n node netns-rates.mjs CLI RATE SECONDS [PORTS]
// A listener on 127.0.0.1:8080; RATE client-first connections per second for SECONDS (each
// leaves its port in TIME_WAIT for 60 s), with ip_local_port_range cut to PORTS ports (default
// 2000). Then `tcpwatch --once --json` (and the sock_diag-free /proc path) while the load still
// runs. Prints {made, seconds, json, procfs} as JSON. The load is bounded by RATE x SECONDS.
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

const [cli, rateText, secondsText, portsText = '2000'] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const ports = Number(portsText);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('sysctl', ['-qw', 'net.ipv4.tcp_tw_reuse=0']); // loopback's default 2 would reuse TIME_WAIT ports at once
execFileSync('sysctl', ['-qw', `net.ipv4.ip_local_port_range=40000 ${40000 + ports - 1}`]);

const server = net.createServer((s) => {
  s.on('error', () => {});
  s.on('end', () => s.end());
});
server.listen(8080, '127.0.0.1');
await new Promise((r) => server.once('listening', r));

let made = 0;
/** One connection the client closes first: its port stays in TIME_WAIT. */
function connectOnce() {
  const c = net.connect({ port: 8080, host: '127.0.0.1' });
  c.on('error', () => {});
  c.on('connect', () => {
    made++;
    c.end();
  });
}

/** tcpwatch's output, run while the load goes on. */
function tcpwatch(env) {
  return new Promise((resolve) => {
    const child = spawn('node', [cli, '--once', '--json', '--check-window', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
  });
}

// paced by the clock, not by timer ticks: a late tick catches up, so the rate is what was asked
const start = performance.now();
let due = 0;
let stop = false;
const load = (async () => {
  while (!stop && due < rate * (seconds + 30)) {
    const elapsed = (performance.now() - start) / 1000;
    while (due / rate <= elapsed) {
      connectOnce();
      due++;
    }
    await sleep(5);
  }
})();
await sleep(seconds * 1000);
// sampled while the load goes on, as in an incident
const at = { made, seconds: (performance.now() - start) / 1000 };
const [json, procfs] = await Promise.all([tcpwatch({}), tcpwatch({ TCPWATCH_TABLE: 'procfs' })]);
stop = true;
await load;
server.close();
process.stdout.write(JSON.stringify({ ...at, json, procfs }));
process.exit(0);
