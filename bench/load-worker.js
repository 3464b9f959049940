// One child of the load builder (bench/load.js). Two jobs, chosen by argv[2]:
//   pairs PORT COUNT V6SHARE   listen on 127.0.0.1:PORT and [::1]:PORT, then hold COUNT
//                              ESTABLISHED pairs (both ends in this process: 2 fds each)
//   tw PORTS RATE V6SHARE      listen on each port of the comma list and make RATE
//                              connections/s that the client closes first: each leaves one
//                              TIME_WAIT for 60 s, so the count settles at RATE*60
// It tells the parent by one JSON line on stdout ("ready" or "error"), and exits when its stdin
// closes (the parent went away, even by SIGKILL), on SIGINT/SIGTERM, or after MAX_SECONDS.
import net from 'node:net';

const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 900);
const IN_FLIGHT = 256; // connects in progress at once: stays far below the listen backlog

const send = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const quit = (code) => process.exit(code);
process.stdin.on('end', () => quit(0));
process.stdin.on('error', () => quit(0));
process.stdin.resume();
process.on('SIGINT', () => quit(0));
process.on('SIGTERM', () => quit(0));
setTimeout(() => quit(3), MAX_SECONDS * 1000).unref();

/** Listens on host:port; resolves when bound. */
function listen(host, port, onConn) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer({ pauseOnConnect: false }, onConn);
    srv.once('error', reject);
    srv.listen({ host, port, backlog: 4096, ipv6Only: host === '::1' }, () => resolve(srv));
  });
}

/** Connects `count` clients, at most IN_FLIGHT at a time, choosing the family by share. */
function connectMany(count, port, v6Share, onClient) {
  return new Promise((resolve, reject) => {
    let started = 0;
    let done = 0;
    let failed = false;
    const next = () => {
      if (failed) return;
      if (done === count) return resolve();
      if (started === count) return;
      const i = started++;
      // spread v6 evenly: every 1/v6Share-th connection
      const v6 = Math.floor((i + 1) * v6Share) > Math.floor(i * v6Share);
      const c = net.connect({ host: v6 ? '::1' : '127.0.0.1', port });
      c.once('connect', () => {
        done++;
        onClient(c);
        next();
      });
      c.once('error', (e) => {
        failed = true;
        reject(e);
      });
    };
    for (let k = 0; k < Math.min(IN_FLIGHT, count); k++) next();
  });
}

async function pairs(port, count, v6Share) {
  const held = [];
  // the accepted end: kept, never read (idle ESTABLISHED, like a pooled connection)
  const keep = (s) => {
    s.pause();
    s.on('error', () => {});
    held.push(s);
  };
  await listen('127.0.0.1', port, keep);
  if (v6Share > 0) await listen('::1', port, keep);
  await connectMany(count, port, v6Share, (c) => {
    c.pause();
    c.on('error', () => {});
    held.push(c);
  });
  send({ ready: true, held: held.length });
}

/** Seconds of missed connections the TIME_WAIT child makes up after a pause (a command measured). */
const MAX_LAG_S = 10;

async function timeWait(ports, rate, v6Share) {
  // server end: read to EOF so it closes right after the client (which gets the TIME_WAIT)
  const drain = (s) => {
    s.on('error', () => {});
    s.resume();
  };
  for (const p of ports) {
    await listen('127.0.0.1', p, drain);
    if (v6Share > 0) await listen('::1', p, drain);
  }
  // about 20 batches a second, paced by the clock: after a pause (the bench stops this process
  // while it measures a command) the missed connections are made up, so the TIME_WAIT stock stays
  // level; each connection is closed as soon as it is up
  let last = performance.now();
  let owed = 0;
  let n = 0;
  let inFlight = 0;
  let errors = 0;
  let made = 0;
  setInterval(() => {
    const now = performance.now();
    owed += (rate * (now - last)) / 1000;
    last = now;
    while (owed >= 1 && inFlight < IN_FLIGHT * 4) {
      owed--;
      const v6 = Math.floor((n + 1) * v6Share) > Math.floor(n * v6Share);
      const port = ports[n % ports.length];
      n++;
      inFlight++;
      const c = net.connect({ host: v6 ? '::1' : '127.0.0.1', port });
      c.once('connect', () => {
        made++;
        c.end();
      });
      c.on('data', () => {});
      c.once('close', () => inFlight--);
      c.once('error', () => errors++);
    }
    if (owed > rate * MAX_LAG_S) owed = rate * MAX_LAG_S; // a longer stall is not made up
  }, 50);
  setInterval(() => send({ made, errors, inFlight }), 5000);
  send({ ready: true });
}

const [job, a, b, c] = process.argv.slice(2);
const main = job === 'pairs' ? pairs(Number(a), Number(b), Number(c)) : timeWait(a.split(',').map(Number), Number(b), Number(c));
main.catch((e) => {
  send({ error: `${e.code ?? ''} ${e.message}` });
  quit(1);
});
