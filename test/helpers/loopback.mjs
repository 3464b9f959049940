// Real sockets on loopback for tests: listeners, ESTABLISHED pairs, client-side TIME_WAIT,
// server-side CLOSE_WAIT (with FIN_WAIT2 clients). Plain JS so a child process in a fresh
// network namespace can run it without a build step.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const once = (emitter, event) =>
  new Promise((res, rej) => {
    emitter.once(event, res);
    emitter.once('error', rej);
  });

/** Whether any socket in this namespace has `port` as its remote port (an earlier listener's leftovers). */
function seenAsRemote(port) {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((f) => {
    try {
      return readFileSync(f, 'latin1')
        .split('\n')
        .some((l) => l.split(/\s+/)[3]?.endsWith(hex.trim()));
    } catch {
      return false;
    }
  });
}

/**
 * Listens on a port that no socket here points at yet: with listen(0) a port an earlier test's
 * listener had could come back while its clients' TIME_WAIT still point at it, and they would
 * count toward this load. The port is inside the ephemeral range, as listen(0)'s would be, so
 * the tests still see inbound rows whose local port looks ephemeral.
 */
async function listenFresh(server, host) {
  const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'latin1').trim().split(/\s+/).map(Number);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = lo + Math.floor(Math.random() * (hi - lo + 1));
    if (seenAsRemote(port)) continue;
    try {
      server.listen(port, host);
      await once(server, 'listening');
      return;
    } catch (err) {
      if (err.code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error(`no free listener port found in ${lo}-${hi}`);
}

/**
 * Opens a load on `host` (127.0.0.1 or ::1). Returns the ports used and close().
 * @param {{host: string, established?: number, timeWait?: number, closeWait?: number}} spec
 */
export async function openLoad(spec) {
  const { host, established = 0, timeWait = 0, closeWait = 0 } = spec;
  const sockets = [];
  // a server that closes when its client does: the client closed first, so it holds TIME_WAIT
  const main = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.push(s);
    s.on('error', () => {});
    s.on('end', () => s.end());
  });
  await listenFresh(main, host);
  // a server that never closes: its side of a client's half-close stays in CLOSE_WAIT
  const leaky = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.push(s);
    s.on('error', () => {});
  });
  await listenFresh(leaky, host);
  const connect = async (port) => {
    const c = net.connect({ port, host, allowHalfOpen: true });
    c.on('error', () => {});
    await once(c, 'connect');
    sockets.push(c);
    return c;
  };
  for (let i = 0; i < established; i++) await connect(main.address().port);
  for (let i = 0; i < timeWait; i++) {
    const c = await connect(main.address().port);
    c.end();
    await once(c, 'close');
  }
  for (let i = 0; i < closeWait; i++) (await connect(leaky.address().port)).end();
  // let the last FINs and ACKs land
  await new Promise((r) => setTimeout(r, 150));
  return {
    port: main.address().port,
    leakyPort: leaky.address().port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise((r) => main.close(r)), new Promise((r) => leaky.close(r))]);
    },
  };
}
