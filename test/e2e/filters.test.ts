// --port, --src, --dst, --state, --family and --sort through the built CLI, over the real capture
// fixtures/linux/states (counts from its ss-tan.txt): --once, --json, the line mode and serve.
import { execa } from 'execa';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { exporterPort } from '../helpers/exporter-port.js';

const TREE = ['--proc-root', 'fixtures/linux/states/proc'];

interface OnceJson {
  states: Record<string, number>;
  families: { ipv4: Record<string, number>; ipv6: Record<string, number> };
  destinations: { local: string; remote: string; ports_in_use: number; states: Record<string, number> }[];
}

const sum = (states: Record<string, number>) => Object.values(states).reduce((a, b) => a + b, 0);

async function onceJson(args: string[]): Promise<OnceJson> {
  const r = await runCli(['--once', '--json', ...TREE, ...args]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as OnceJson;
}

describe('filters in --once and --json', () => {
  it('--state time-wait,close-wait: only those states counted', async () => {
    const j = await onceJson(['--state', 'time-wait,CLOSE_WAIT']);
    expect(j.states).toMatchObject({ TIME_WAIT: 6, CLOSE_WAIT: 3 });
    expect(sum(j.states)).toBe(9);
    expect(j.destinations.length).toBeGreaterThan(0);
    for (const d of j.destinations) expect(Object.keys(d.states).every((s) => s === 'TIME_WAIT' || s === 'CLOSE_WAIT')).toBe(true);
  });

  it('--dst [::1]:8081 --family 6: one destination, its four sockets', async () => {
    const j = await onceJson(['--dst', '[::1]:8081', '--family', '6']);
    expect(sum(j.states)).toBe(4);
    expect(sum(j.families.ipv4)).toBe(0);
    expect(j.destinations.map((d) => [d.remote, d.ports_in_use])).toEqual([['[::1]:8081', 4]]);
  });

  it('--port 8080 in the table says what it counted', async () => {
    const r = await runCli(['--once', ...TREE, '--port', '8080']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe("only sockets matching --port 8080 (the limits' counters are host-wide)");
    expect(r.stdout).toMatch(/^TOTAL +11 +100\.0% +11 +0$/m);
  });

  it('--sort time_wait orders the destinations and says so; new_per_s by NEW/S, a clear error where a capture has no timers', async () => {
    const r = await runCli(['--once', ...TREE, '--sort', 'time_wait']);
    expect(r.exitCode).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf('TOP DESTINATIONS'));
    expect(block.split('\n')[0]).toBe('TOP DESTINATIONS by TIME_WAIT');
    const tw = block
      .split('\n')
      .slice(2)
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => Number(l.trim().split(/\s+/)[4]));
    expect(tw.length).toBeGreaterThan(2);
    expect(tw).toEqual([...tw].sort((a, b) => b - a));
    const byRate = await runCli(['--once', ...TREE, '--sort', 'new_per_s']);
    expect(byRate.exitCode).toBe(0);
    const rates = byRate.stdout
      .slice(byRate.stdout.indexOf('TOP DESTINATIONS by new connections/s'))
      .split('\n')
      .slice(2)
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => Number(/(\d+)\/s/.exec(l)?.[1]));
    expect(rates.length).toBeGreaterThan(2);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    // ss -tan prints no timers: no rate to sort by
    const bad = await runCli(['analyze', 'fixtures/linux/states/ss-tan.txt', '--sort', 'new_per_s']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--sort new_per_s: this sample's destinations carry no new_per_s/);
  });

  it('a bad value is a usage error naming the option', async () => {
    const r = await runCli(['--once', '--dst', 'localhost:80']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^tcpwatch: --dst: "localhost:80" is not ADDR\[:PORT\]/);
  });
});

describe('filters in the live modes', () => {
  it('the line mode counts only the filtered rows', async () => {
    const r = await execa('bash', ['-c', `node ${CLI} --interval 200ms ${TREE.join(' ')} --port 8080 | head -2`], { cwd: ROOT, reject: false, timeout: 15_000 });
    const [header, line] = r.stdout.split('\n');
    const cols = header?.trim().split(/\s+/) ?? [];
    const values = line?.trim().split(/\s+/).slice(2) ?? []; // after the date and time
    expect(cols.length).toBeGreaterThan(10);
    const at = (name: string) => Number(values[cols.indexOf(name) - 1]);
    expect([at('estab'), at('timewait'), at('listen'), at('total')]).toEqual([6, 4, 1, 11]);
  });

  it('serve exports the filtered counts', async () => {
    const child = execa('node', [CLI, 'serve', '--listen', '127.0.0.1:0', '--interval', '200ms', ...TREE, '--state', 'time-wait'], { cwd: ROOT, reject: false });
    try {
      const port = await exporterPort(child);
      const body = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 5000 }, (res) => {
          let b = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (b += c));
          res.on('end', () => resolve(b));
        })
          .on('error', reject)
          .end();
      });
      expect(body).toMatch(/^node_tcp_connection_states\{state="time_wait"\} 6$/m);
      expect(body).toMatch(/^node_tcp_connection_states\{state="established"\} 0$/m);
      expect(body).toMatch(/^node_tcp_connection_states\{state="listen"\} 0$/m);
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  });
});
