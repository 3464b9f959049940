import { execa } from 'execa';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { exporterPort } from '../helpers/exporter-port.js';
import { parsePromText, promValue } from '../helpers/prom-text.js';

const promtool = await execa('promtool', ['--version'], { reject: false }).then(
  (r) => r.exitCode === 0,
  () => false,
);

const startExporter = () => execa('node', [CLI, 'serve', '--listen', '127.0.0.1:0', '--interval', '200ms', '--top', '10000'], { cwd: ROOT, reject: false });

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The real exporter on an ephemeral loopback port, with sockets of our own to count. */
describe('tcpwatch serve over HTTP on loopback', () => {
  let child: ReturnType<typeof startExporter>;
  let port = 0;
  let listener: Server;
  const clients: Socket[] = [];
  const accepted: Socket[] = [];

  beforeAll(async () => {
    listener = createServer((s) => accepted.push(s));
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const lport = (listener.address() as { port: number }).port;
    for (let i = 0; i < 3; i++) {
      const c = connect(lport, '127.0.0.1');
      await once(c, 'connect');
      clients.push(c);
    }
    child = startExporter();
    port = await exporterPort(child);
    expect(port).toBeGreaterThan(0);
  });

  afterAll(async () => {
    child?.kill('SIGTERM');
    await child;
    for (const s of [...clients, ...accepted]) s.destroy();
    listener.close();
  });

  it('binds loopback and serves the text format, every line of which parses', async () => {
    const r = await get(port, '/metrics');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = parsePromText(r.body);
    // labelled with the table reader that made the sample: sock_diag when its addon loads
    const recorded = m.get('tcpwatch_scrape_success')?.samples ?? [];
    expect(recorded.map((x) => [x.labels.source, x.value])).toEqual([[expect.stringMatching(/^(procfs|sock_diag)$/), 1]]);
    expect(promValue(m, 'node_tcp_connection_states', { state: 'listen' })).toBeGreaterThanOrEqual(1);
    // our three clients toward our own listener's port: one destination, exactly three ports
    const lport = (listener.address() as { port: number }).port;
    expect(promValue(m, 'tcpwatch_destination_ports_in_use', { local: '127.0.0.1', remote: `127.0.0.1:${lport}` })).toBe(3);
    const age = promValue(m, 'tcpwatch_sample_age_seconds') ?? NaN;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(5);
  });

  it.skipIf(!promtool)("passes promtool check metrics, but for the camelCase of node_exporter's own netstat names (needs promtool)", async () => {
    const r = await get(port, '/metrics');
    const lint = await execa('promtool', ['check', 'metrics'], { input: r.body, reject: false });
    const problems = (lint.stdout + lint.stderr).split('\n').filter((l) => l.trim() !== '');
    const other = problems.filter((l) => !/^node_netstat_\w+ metric names should be written in 'snake_case' not 'camelCase'$/.test(l));
    expect(other).toEqual([]);
  });

  it('answers / with a link, other paths with 404 and other methods with 405', async () => {
    expect((await get(port, '/')).body).toContain('/metrics');
    expect((await get(port, '/nope')).status).toBe(404);
    expect((await get(port, '/metrics', 'POST')).status).toBe(405);
    const head = await get(port, '/metrics', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('load: 400 scrapes, 40 at a time, none fails and each parses', async () => {
    const total = 400;
    const concurrency = 40;
    let next = 0;
    let ok = 0;
    const failures: string[] = [];
    const worker = async () => {
      while (next < total) {
        next++;
        try {
          const r = await get(port, '/metrics');
          if (r.status !== 200) failures.push(`status ${r.status}`);
          else {
            parsePromText(r.body);
            ok++;
          }
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    expect(failures).toEqual([]);
    expect(ok).toBe(total);
  });
});

describe('tcpwatch serve --listen', () => {
  it('refuses an address that is not HOST:PORT with a usage error', async () => {
    const r = await execa('node', [CLI, 'serve', '--listen', 'localhost'], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is not HOST:PORT');
  });

  it('says so when the port is taken', async () => {
    const busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const p = (busy.address() as { port: number }).port;
    const r = await execa('node', [CLI, 'serve', '--listen', `127.0.0.1:${p}`], { cwd: ROOT, reject: false, timeout: 10_000 });
    busy.close();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${p}: EADDRINUSE`);
  });
});
