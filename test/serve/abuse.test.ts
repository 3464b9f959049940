// The real exporter against hostile and broken clients on loopback: idle and byte-a-minute
// connections by the hundred, oversized headers, junk, unknown methods and paths, HTTP/1.0 and
// pipelining. Scrapes must still be answered, and the process's memory must stay bounded.
// npm run bench:exporter runs the same abuse at a larger size.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_LIMITS } from '../../src/serve/http.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { exporterPort } from '../helpers/exporter-port.js';

const startExporter = () => execa('node', [CLI, 'serve', '--listen', '127.0.0.1:0', '--interval', '500ms'], { cwd: ROOT, reject: false });
let child: ReturnType<typeof startExporter>;
let port = 0;

beforeAll(async () => {
  child = startExporter();
  port = await exporterPort(child);
  expect(port).toBeGreaterThan(0);
});

afterAll(async () => {
  child?.kill('SIGTERM');
  await child;
});

/** A client connection that records when the server closes it. */
interface Held {
  socket: Socket;
  closed: boolean;
}

/** Opens `n` connections, each sending `first` (if any) and then holding. */
async function hold(n: number, first?: string): Promise<Held[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Held>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1');
          const h: Held = { socket, closed: false };
          socket.on('error', () => {});
          socket.on('close', () => (h.closed = true));
          // read what the server sends, or its close is never seen
          socket.resume();
          socket.once('connect', () => {
            if (first !== undefined) socket.write(first);
            resolve(h);
          });
          socket.once('error', reject);
        }),
    ),
  );
}

/** Writes raw bytes and reads everything until the server closes (or `ms` pass). */
function exchange(bytes: string | Buffer, ms = 8000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(got));
    socket.setTimeout(ms, () => socket.destroy());
    socket.once('connect', () => socket.write(bytes));
  });
}

const statuses = (reply: string) => [...reply.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));

/** One normal scrape, and how long it took. */
async function scrape(): Promise<{ status: number; ms: number; body: string }> {
  const t0 = performance.now();
  const reply = await exchange('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  return { status: statuses(reply)[0] ?? 0, ms: performance.now() - t0, body: reply.slice(reply.indexOf('\r\n\r\n') + 4) };
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]) * 1024;
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe('tcpwatch serve under abuse', () => {
  it('300 idle and 100 byte-a-minute connections: a scrape is answered while they are held, and the oldest are closed', async () => {
    const t0 = performance.now();
    const idle = await hold(300);
    const slow = await hold(100, 'G');
    const r = await scrape();
    const all = [...idle, ...slow];
    const openAtAnswer = all.filter((h) => !h.closed).length;
    console.log(`abuse: scrape answered in ${r.ms.toFixed(0)} ms with ${openAtAnswer} of ${all.length} abusive connections open`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('node_tcp_connection_states');
    // answered while abusers were still held, long before any header timeout could free a slot
    expect(openAtAnswer).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(HTTP_LIMITS.headersTimeoutMs);
    // the server keeps only the newest waiters: the others were closed, the oldest first
    await until(() => all.filter((h) => !h.closed).length <= HTTP_LIMITS.maxWaiting, 3000);
    expect(all.filter((h) => !h.closed).length).toBeLessThanOrEqual(HTTP_LIMITS.maxWaiting);
    expect(idle[0]?.closed).toBe(true);
    expect(slow[slow.length - 1]?.closed).toBe(false);
    for (const h of all) h.socket.destroy();
  });

  it('an idle and a byte-a-minute connection are closed by the header timeout', async () => {
    const [idle, slow] = [...(await hold(1)), ...(await hold(1, 'GET /metr'))] as [Held, Held];
    await until(() => idle.closed && slow.closed, HTTP_LIMITS.headersTimeoutMs + 5000);
    expect([idle.closed, slow.closed]).toEqual([true, true]);
  });

  it('oversized headers get 431, junk and unknown methods 400, other methods 405, unknown paths 404', async () => {
    const big = await exchange(`GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(HTTP_LIMITS.maxHeaderBytes * 4)}\r\n\r\n`);
    expect(statuses(big)).toEqual([431]);
    expect(statuses(await exchange(Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a])))).toEqual([400]);
    expect(statuses(await exchange('BREW /metrics HTTP/1.1\r\nHost: x\r\n\r\n'))).toEqual([400]);
    expect(statuses(await exchange('DELETE /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toEqual([405]);
    expect(statuses(await exchange('GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toEqual([404]);
    expect(statuses(await exchange('GET /metrics?x=%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toEqual([200]);
  });

  it('a request with a body it never sends in full is answered and closed, not waited for', async () => {
    const r = await exchange(`POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n${'x'.repeat(1000)}`);
    expect(statuses(r)).toEqual([405]);
    expect(r).toMatch(/\r\nConnection: close\r\n/i);
  });

  it('HTTP/1.0 is answered and closed; pipelined requests are answered in order', async () => {
    const old = await exchange('GET /metrics HTTP/1.0\r\n\r\n');
    expect(old).toMatch(/^HTTP\/1\.1 200 /);
    expect(old).toContain('node_tcp_connection_states');
    const piped = await exchange('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statuses(piped)).toEqual([200, 200, 404]);
  });

  it('rounds of abuse leave the memory of the serve process flat', async () => {
    const pid = child.pid as number;
    const round = async () => {
      const held = [...(await hold(200)), ...(await hold(50, 'GET / HTTP/1.1\r\nX: '))];
      await Promise.all([exchange(`GET / HTTP/1.1\r\nX: ${'b'.repeat(20000)}\r\n\r\n`), exchange(Buffer.alloc(3000, 0xff)), scrape()]);
      for (const h of held) h.socket.destroy();
      await until(() => false, 300);
      return rssBytes(pid);
    };
    const first = await round();
    let last = first;
    for (let i = 0; i < 4; i++) last = await round();
    console.log(`abuse: serve RSS ${(first / 1e6).toFixed(1)} MB after the first round, ${(last / 1e6).toFixed(1)} MB after five`);
    // 1,250 connections leaked would be tens of MB; what the GC has not returned yet is less
    expect(last - first).toBeLessThan(30e6);
    const r = await scrape();
    expect(r.status).toBe(200);
  });
});
