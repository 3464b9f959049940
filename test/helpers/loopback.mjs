// Real sockets on loopback for tests: listeners, ESTABLISHED pairs, client-side TIME_WAIT,
// server-side CLOSE_WAIT (with FIN_WAIT2 clients). Plain JS so a child process in a fresh
// network namespace can run it without a build step.
import net from 'node:net';

const once = (emitter, event) => new Promise((res, rej) => { emitter.once(event, res); emitter.once('error', rej); });

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
  main.listen(0, host);
  await once(main, 'listening');
  // a server that never closes: its side of a client's half-close stays in CLOSE_WAIT
  const leaky = net.createServer({ allowHalfOpen: true }, (s) => { sockets.push(s); s.on('error', () => {}); });
  leaky.listen(0, host);
  await once(leaky, 'listening');
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
