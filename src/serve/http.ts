import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { joinHostPort } from '../addr.js';
import { TcpwatchError } from '../errors.js';
import { METRICS_CONTENT_TYPE } from '../views/prometheus.js';
import { guardConnections } from './connection-guard.js';

export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * What one client may take (documented in the README's serve section). A scrape is one small GET
 * answered from memory in a millisecond, so every bound is far above what a scraper needs.
 */
export const HTTP_LIMITS = {
  /** request line and headers, bytes (Node's default is 16 KiB); more is 431 */
  maxHeaderBytes: 8192,
  /** until the headers are complete, ms: an idle or byte-a-minute client is closed after it */
  headersTimeoutMs: 5_000,
  /** until the whole request is in, ms */
  requestTimeoutMs: 10_000,
  /** a kept-alive connection between requests, ms */
  keepAliveTimeoutMs: 15_000,
  /** connections waiting for a request at once; the oldest goes when one more arrives */
  maxWaiting: 128,
  /** connections at all; more are closed as they arrive */
  maxConnections: 1024,
};

/**
 * Why the exporter could not listen, as users see it: what happened and what to do, on one line,
 * the errno in parentheses so the line can still be searched for (`cannot listen on
 * 127.0.0.1:9929: another process is listening there (EADDRINUSE); find it with ...`).
 */
export const listenError = (addr: ListenAddress, err: unknown): TcpwatchError =>
  new TcpwatchError('ELISTEN', `cannot listen on ${joinHostPort(addr.host, addr.port)}: ${listenFailure(addr.port, err as NodeJS.ErrnoException)}`, { cause: err });

function listenFailure(port: number, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `another process is listening there (EADDRINUSE); find it with ss -ltnp 'sport = :${port}' or pick another --listen port`;
    case 'EACCES':
      // from 1024 up the kernel's low-port rule is not the reason (a security module may be): no advice to give
      return port < 1024 ? 'permission denied (EACCES); ports below 1024 need root or CAP_NET_BIND_SERVICE, or pick a --listen port from 1024 up' : 'permission denied (EACCES)';
    case 'EADDRNOTAVAIL':
      return `no local interface has that address (EADDRNOTAVAIL); ip -brief address lists them, or --listen :${port} for every address`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name does not resolve (${err.code}); give an address instead (e.g. 127.0.0.1:${port})`;
    case undefined:
    default:
      // Node's message already names the call and the code: `listen EINVAL: invalid argument fe80::1:9929`
      return err.message;
  }
}

const INDEX = `<html><head><title>tcpwatch</title></head><body><h1>tcpwatch exporter</h1><p><a href="/metrics">Metrics</a></p></body></html>\n`;

/**
 * The exporter's HTTP side: GET /metrics renders the cached state (cheap, never waits for a
 * sample), / links to it, anything else is 404. Slow or idle clients are timed out.
 */
export function startMetricsServer(addr: ListenAddress, render: () => string): Promise<{ server: Server; address: ListenAddress }> {
  // Node checks the header and request timeouts only this often (30 s by default)
  const server = createServer({ maxHeaderSize: HTTP_LIMITS.maxHeaderBytes, connectionsCheckingInterval: 1000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // nothing here reads a body: one sent is not read, so the connection cannot be reused
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) res.shouldKeepAlive = false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      let body: string;
      try {
        body = render();
      } catch (err) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`cannot render metrics: ${(err as Error).message}\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : INDEX);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /metrics\n');
  });
  server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
  server.headersTimeout = HTTP_LIMITS.headersTimeoutMs;
  server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
  server.maxConnections = HTTP_LIMITS.maxConnections;
  guardConnections(server, HTTP_LIMITS.maxWaiting);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve({ server, address: { host: a.address, port: a.port } });
    });
  });
}
