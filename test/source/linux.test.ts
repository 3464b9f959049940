import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProcNetTcp } from '../../src/parse/proc-net-tcp.js';
import { sampleLinux } from '../../src/source/linux.js';
import { Tally } from '../../src/tally/index.js';
import { stateFromName, TCP_STATES } from '../../src/states.js';
import type { Sample } from '../../src/types.js';
import { CLI } from '../helpers/cli.js';
import { openLoad, type Load } from '../helpers/loopback.mjs';

/** The destination row for host:port in a sample: the test's own sockets, whatever else runs. */
function dest(s: Sample, host: string, port: number) {
  return s.destinations.find((d) => d.remote === host && d.remotePort === port && d.local === host);
}

describe('the Linux source counts real loopback sockets exactly (this namespace)', () => {
  const loads: Load[] = [];
  let v4: Load;
  let v6: Load;
  beforeAll(async () => {
    v4 = await openLoad({ host: '127.0.0.1', established: 6, timeWait: 4, closeWait: 3 });
    v6 = await openLoad({ host: '::1', established: 5, timeWait: 2, closeWait: 2 });
    loads.push(v4, v6);
  });
  afterAll(async () => {
    for (const l of loads) await l.close();
  });

  it.each([
    ['127.0.0.1', () => v4, { est: 6, tw: 4, cw: 3 }],
    ['::1', () => v6, { est: 5, tw: 2, cw: 2 }],
  ] as const)('%s: ESTABLISHED, TIME_WAIT, FIN_WAIT2 per destination', async (host, load, n) => {
    const s = await sampleLinux({ topDestinations: 100_000 });
    const main = dest(s, host, load().port);
    // each client holds one ephemeral port toward the listener: ESTABLISHED or TIME_WAIT
    expect(main?.states).toEqual({ ESTABLISHED: n.est, TIME_WAIT: n.tw });
    expect(main?.portsInUse).toBe(n.est + n.tw);
    // clients that half-closed wait in FIN_WAIT2 while the server sits in CLOSE_WAIT
    const leaky = dest(s, host, load().leakyPort);
    expect(leaky?.states).toEqual({ FIN_WAIT2: n.cw });
    // the server side is inbound (its local port is a listener's) and is no destination: tallied
    // alone, the test's own rows (this host may hold any other sockets) give just the two above
    const file = host === '::1' ? '/proc/net/tcp6' : '/proc/net/tcp';
    const mine = [load().port, load().leakyPort];
    const rows = parseProcNetTcp(await readFile(file)).rows.filter((r) => mine.includes(r.localPort) || mine.includes(r.remotePort));
    const t = new Tally({ portRange: s.limits.ip_local_port_range, reserved: s.limits.ip_local_reserved_ports });
    for (const r of rows) t.add(r);
    expect(
      t
        .destinations()
        .map((d) => `${d.remote}:${d.remotePort}`)
        .sort(),
    ).toEqual([`${host}:${load().port}`, `${host}:${load().leakyPort}`].sort());
    expect(t.states.CLOSE_WAIT).toBe(n.cw);
  });

  it('totals include at least the test sockets, and families add up', async () => {
    const s = await sampleLinux();
    expect(s.states.ESTABLISHED).toBeGreaterThanOrEqual(2 * 11);
    expect(s.states.CLOSE_WAIT).toBeGreaterThanOrEqual(5);
    expect(s.families.ipv6.CLOSE_WAIT).toBeGreaterThanOrEqual(2);
    for (const st of TCP_STATES) expect(s.states[st]).toBe(s.families.ipv4[st] + s.families.ipv6[st]);
    expect(s.limits.ip_local_port_range).toBeDefined();
    expect(s.sockstat.tw).toBeGreaterThanOrEqual(6);
  });
});

describe('SO_REUSEPORT listeners (nginx `reuseport`, HAProxy): one 4-tuple, several sockets', () => {
  it('counts each of them', async () => {
    const script = fileURLToPath(new URL('../helpers/reuseport.py', import.meta.url));
    const py = execa('python3', [script, '127.0.0.1', '4'], { stdin: 'pipe', timeout: 20_000 });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        py.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ready (\d+)\n/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        py.catch(reject);
      });
      const rows = parseProcNetTcp(await readFile('/proc/net/tcp')).rows.filter((r) => r.localPort === port && r.state === 'LISTEN');
      expect(rows).toHaveLength(4);
      const t = new Tally();
      for (const r of rows) t.add(r);
      expect(t.states.LISTEN).toBe(4);
    } finally {
      py.stdin?.end();
      await py.catch(() => undefined);
    }
  });
});

const isRoot = process.getuid?.() === 0;
describe.skipIf(!isRoot)('in a fresh network namespace (root): --once --json equals ss -tan', () => {
  it('every state count equals ss taken at the same moment', async () => {
    const script = fileURLToPath(new URL('../helpers/netns-snapshot.mjs', import.meta.url));
    const r = await execa('unshare', ['-n', 'node', script, CLI], { timeout: 20_000 });
    const { json, json2, ss } = JSON.parse(r.stdout) as { json: { states: Record<string, number>; sockstat: { tw: number } }; json2: { states: Record<string, number> }; ss: string };
    const fromSs: Record<string, number> = Object.fromEntries(TCP_STATES.map((s) => [s, 0]));
    for (const line of ss.trim().split('\n')) {
      const st = stateFromName(line.split(/\s+/)[0] ?? '');
      if (!st) throw new Error(`unexpected ss line ${line}`);
      fromSs[st] = (fromSs[st] ?? 0) + 1;
    }
    // a static load: both tcpwatch runs around ss agree with it and with each other
    expect(json.states).toEqual(fromSs);
    expect(json2.states).toEqual(fromSs);
    // exactly the test's sockets: 2 listeners per family, clients and servers
    expect(fromSs).toMatchObject({ LISTEN: 4, ESTABLISHED: 2 * (7 + 4), TIME_WAIT: 7, CLOSE_WAIT: 4, FIN_WAIT2: 4 });
    expect(json.sockstat.tw).toBe(7);
  });
});
if (!isRoot) console.warn('skipped: the network-namespace comparison with ss needs root (unshare -n)');
