import { execa } from 'execa';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { CLI, expectOneLine, ROOT, runCli } from '../helpers/cli.js';
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

const UNPRIVILEGED_START = '/proc/sys/net/ipv4/ip_unprivileged_port_start';

describe('tcpwatch serve --listen', () => {
  it('refuses an address that is not HOST:PORT with a usage error', async () => {
    const r = await execa('node', [CLI, 'serve', '--listen', 'localhost'], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is not HOST:PORT');
  });

  it('says what is wrong with the port: out of range, missing, not a number (2)', async () => {
    expectOneLine(await runCli(['serve', '--listen', '127.0.0.1:99999']), 2, /^tcpwatch: --listen: "127\.0\.0\.1:99999": port 99999 is out of range \(1 to 65535, or 0 for any free port\)$/);
    expectOneLine(await runCli(['serve', '--listen', '127.0.0.1:']), 2, /^tcpwatch: --listen: "127\.0\.0\.1:": the port is missing after the colon \(e\.g\. 127\.0\.0\.1:9929\)$/);
    expectOneLine(await runCli(['serve', '--listen', '127.0.0.1:abc']), 2, /^tcpwatch: --listen: "127\.0\.0\.1:abc": the port "abc" is not a number \(e\.g\. 127\.0\.0\.1:9929\)$/);
  });

  it('says so when the port is taken, and how to find who has it (1)', async () => {
    const busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const p = (busy.address() as { port: number }).port;
    try {
      const r = await runCli(['serve', '--listen', `127.0.0.1:${p}`], { timeout: 10_000 });
      expectOneLine(r, 1, new RegExp(`^tcpwatch: cannot listen on 127\\.0\\.0\\.1:${p}: another process is listening there \\(EADDRINUSE\\); find it with ss -ltnp 'sport = :${p}' or pick another --listen port$`));
    } finally {
      busy.close();
    }
  });

  // port 1 on loopback: refused before anything is bound, so nothing there is disturbed
  // the sysctl is from Linux 4.11; before it the bar was 1024
  const unprivilegedStart = existsSync(UNPRIVILEGED_START) ? Number(readFileSync(UNPRIVILEGED_START, 'utf8')) : 1024;
  it.skipIf(!(unprivilegedStart > 1))('says a low port needs privilege when an ordinary user asks for one (1)', async (ctx) => {
    const r = await (await cliAsNobody(ctx)).run(['serve', '--listen', '127.0.0.1:1']);
    expectOneLine(r, 1, /^tcpwatch: cannot listen on 127\.0\.0\.1:1: permission denied \(EACCES\); ports below 1024 need root or CAP_NET_BIND_SERVICE, or pick a --listen port from 1024 up$/);
  });

  // 192.0.2.1 is TEST-NET-1 (RFC 5737), on no real interface; a bind that fails sends nothing
  const nonlocalBind = readFileSync('/proc/sys/net/ipv4/ip_nonlocal_bind', 'utf8').trim() !== '0';
  const assigned = Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === '192.0.2.1'));
  it.skipIf(nonlocalBind || assigned)('says no interface has the address when none does (1)', async () => {
    const r = await runCli(['serve', '--listen', '192.0.2.1:9929'], { timeout: 10_000 });
    expectOneLine(r, 1, /^tcpwatch: cannot listen on 192\.0\.2\.1:9929: no local interface has that address \(EADDRNOTAVAIL\); ip -brief address lists them, or --listen :9929 for every address$/);
  });
});
