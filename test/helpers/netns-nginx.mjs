// A real nginx proxying to a test upstream, in the fresh network namespace this runs in:
//   unshare -n node netns-nginx.mjs CLI MODE      MODE: close (no upstream keepalive) | keepalive
// The upstream (127.0.0.1:9090) answers each request after 1 s (so nginx's connections live long enough for the owner scan to see them) and leaves the closing to its
// client, as keep-alive servers do; nginx (127.0.0.1:8080) proxies to it; a client sends 60
// requests/s to nginx over a few keep-alive connections. With a 1,000-port range, nginx's
// closes fill its ports toward the upstream within seconds unless it keeps connections. Then
// `tcpwatch --once --processes` (text and --json) while the load goes on. Prints {requests, text,
// json}. Bounded: 1,800 requests at most.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [cli, mode] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('sysctl', ['-qw', 'net.ipv4.tcp_tw_reuse=0']); // loopback's default 2 would reuse TIME_WAIT ports at once
execFileSync('sysctl', ['-qw', 'net.ipv4.ip_local_port_range=40000 40999']);

// the upstream: one response per request head, the connection left open for the client to close
const upstream = net.createServer((s) => {
  s.on('error', () => {});
  let buf = '';
  s.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
      buf = buf.slice(i + 4);
      setTimeout(() => s.writable && s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok'), 1000);
    }
  });
  s.on('end', () => s.end());
});
upstream.listen(9090, '127.0.0.1');
await new Promise((r) => upstream.once('listening', r));

const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-nginx-'));
const keep = mode === 'keepalive';
writeFileSync(
  join(dir, 'nginx.conf'),
  `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream backend { server 127.0.0.1:9090;${keep ? ' keepalive 100;' : ''} }
  server {
    listen 127.0.0.1:8080;
    location / { proxy_pass http://backend;${keep ? ' proxy_http_version 1.1; proxy_set_header Connection "";' : ''} }
  }
}
`,
);
const nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
for (let i = 0; i < 100; i++) {
  const up = await new Promise((r) =>
    net
      .connect(8080, '127.0.0.1')
      .on('connect', function () {
        this.destroy();
        r(true);
      })
      .on('error', () => r(false)),
  );
  if (up) break;
  await sleep(50);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
let requests = 0;
const get = () =>
  http
    .get({ host: '127.0.0.1', port: 8080, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => requests++);
    })
    .on('error', () => {});
const start = performance.now();
let due = 0;
let stop = false;
// paced by the clock; it goes on while tcpwatch samples, as in an incident
const load = (async () => {
  while (!stop && due < 60 * 30) {
    const elapsed = (performance.now() - start) / 1000;
    while (due / 60 <= elapsed) {
      get();
      due++;
    }
    await sleep(5);
  }
})();
await sleep(8000);
const run = (args) =>
  new Promise((resolve) => {
    const c = spawn('node', [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('close', () => resolve(out));
  });
const [text, json] = await Promise.all([run(['--once', '--processes', '--check-window', '0']), run(['--once', '--json', '--processes', '--check-window', '0'])]);
stop = true;
await load;
nginx.kill('SIGTERM');
await new Promise((r) => nginx.once('close', r));
rmSync(dir, { recursive: true, force: true });
agent.destroy();
upstream.close();
process.stdout.write(JSON.stringify({ requests, text, json }));
process.exit(0);
