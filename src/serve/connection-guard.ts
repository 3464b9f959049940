import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps idle and slow clients from holding the exporter's descriptors: of the connections that
 * are waiting for a request (new ones, and kept-alive ones between requests), only the newest
 * `maxWaiting` stay; the oldest is closed when one more arrives. A scraper sends its request as
 * soon as it connects, so it is never the oldest waiter; a client that connects and holds
 * (idle, or a byte a minute) is. The server's own header and keep-alive timeouts close the rest.
 */
export function guardConnections(server: Server, maxWaiting: number): void {
  // insertion order is arrival order: the first key is the oldest waiter
  const waiting = new Set<Socket>();
  const wait = (socket: Socket) => {
    waiting.delete(socket);
    if (socket.destroyed) return;
    waiting.add(socket);
    if (waiting.size > maxWaiting) {
      const oldest = waiting.values().next().value as Socket;
      waiting.delete(oldest);
      oldest.destroy();
    }
  };
  server.on('connection', (socket: Socket) => {
    socket.once('close', () => waiting.delete(socket));
    wait(socket);
  });
  server.on('request', (req, res) => {
    waiting.delete(req.socket);
    // between requests, a kept-alive connection waits again
    res.once('finish', () => wait(req.socket));
  });
}
