// A process that holds connections, then closes them, in the fresh network namespace this runs in:
//   unshare -n node netns-owners.mjs CLI
// A listener on 127.0.0.1:8090 here; a child node process opens 5 connections to it and holds
// them until told, then closes them first (its ports go to TIME_WAIT), drops them 0.3 s later
// (so it holds none even where the server's FIN is late) and stays alive. `tcpwatch --json
// --processes` runs live throughout. Prints {child, docs} as JSON: the child's pid and, for each
// document, its time, its destination 127.0.0.1:8090 and, once closed, what `ss` said of that
// destination when the document came. Bounded to 20 s.
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

const [cli] = process.argv.slice(2);
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('sysctl', ['-qw', 'net.ipv4.tcp_tw_reuse=0']);
const server = net.createServer((s) => {
  s.on('error', () => {});
  s.on('end', () => s.end());
  s.resume();
});
await new Promise((r) => server.listen(8090, '127.0.0.1', r));

const CHILD = `
const net = require('node:net');
const socks = [];
for (let i = 0; i < 5; i++) socks.push(net.connect(8090, '127.0.0.1'));
process.stdin.on('data', () => {
  for (const s of socks) s.end();
  setTimeout(() => { for (const s of socks) s.destroy(); }, 300);
});
process.stdin.on('end', () => process.exit(0));
`;
const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['pipe', 'inherit', 'inherit'] });
const tcpwatch = spawn(process.execPath, [cli, '--json', '--processes', '--interval', '500ms', '--max-cpu', '100%'], { stdio: ['ignore', 'pipe', 'inherit'] });
const docs = [];
let buf = '';
let closed = false;
const done = new Promise((resolve) => {
  const limit = setTimeout(resolve, 20_000);
  tcpwatch.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const doc = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      const dest = doc.destinations.find((x) => x.remote === '127.0.0.1:8090');
      const ss = closed ? execFileSync('ss', ['-Htan', 'dst', '127.0.0.1:8090']).toString() : undefined;
      docs.push({ time: doc.time, dest, ss });
      const owned = dest?.owners?.some((o) => o.pid === child.pid && o.seen_ago_s === undefined);
      // once tcpwatch has seen who holds them, the child closes them
      if (!closed && owned) {
        closed = true;
        child.stdin.write('close\n');
      }
      // done once a sample sees the connections closed and more than a second has passed, and the
      // kernel has only TIME_WAIT toward it (on a loaded machine a server's FIN can come late)
      const settled =
        ss !== undefined &&
        ss
          .trim()
          .split('\n')
          .every((l) => l.startsWith('TIME-WAIT'));
      if (closed && dest && (dest.states.ESTABLISHED ?? 0) === 0 && (dest.owners?.[0]?.seen_ago_s ?? 0) >= 2 && settled) {
        clearTimeout(limit);
        resolve();
      }
    }
  });
});
await done;
tcpwatch.kill('SIGTERM');
child.stdin.end();
server.close();
process.stdout.write(JSON.stringify({ child: child.pid, docs }));
process.exit(0);
