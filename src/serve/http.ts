import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE } from '../views/prometheus.js';

export interface ListenAddress {
  host: string;
  port: number;
}

const INDEX = `<html><head><title>tcpwatch</title></head><body><h1>tcpwatch exporter</h1><p><a href="/metrics">Metrics</a></p></body></html>\n`;

/**
 * The exporter's HTTP side: GET /metrics renders the cached state (cheap, never waits for a
 * sample), / links to it, anything else is 404. Slow or idle clients are timed out.
 */
export function startMetricsServer(addr: ListenAddress, render: () => string): Promise<{ server: Server; address: ListenAddress }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
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
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 15_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve({ server, address: { host: a.address, port: a.port } });
    });
  });
}
