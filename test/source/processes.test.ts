import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeSockets } from '../../src/attribution.js';
import { createLiveSampler } from '../../src/source/index.js';
import { scanSocketOwners, type OwnerScan } from '../../src/source/socket-owners.js';
import type { Destination, TcpRow } from '../../src/types.js';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { runCli } from '../helpers/cli.js';
import { openLoad, type Load } from '../helpers/loopback.mjs';

interface Doc {
  processes: {
    processes: Array<{ pid: number; command: string; states: Record<string, number>; listening: number[] }>;
    destinations: Array<{ remote: string; owners: Array<{ pid: number; command: string; sockets: number }> }>;
    unowned: Record<string, number>;
    notes: string[];
  };
}

const myCommand = readFileSync('/proc/self/comm', 'utf8').trim();

describe('--processes over the test’s own loopback sockets', () => {
  let load: Load;
  beforeAll(async () => {
    load = await openLoad({ host: '127.0.0.1', established: 4, timeWait: 3, closeWait: 2 });
  });
  afterAll(async () => {
    await load.close();
  });

  it('the live sampler with owners by budget (the TUI): its second breakdown names this process toward its listener, without --processes', async () => {
    const take = createLiveSampler({ source: 'linux', maxCpu: 1, intervalMs: () => 2000, ownersByBudget: { budgetMs: 10_000, top: 10 } });
    // the first sample is a plain one; the next fits the (whole core) budget with owners
    expect((await take()).processes).toBeUndefined();
    const s = await take();
    expect(s.processes).toBeDefined();
    const d = s.destinations.find((x) => x.remotePort === load.port && x.remote === '127.0.0.1');
    expect(d?.owners?.find((o) => o.pid === process.pid)?.sockets).toBe(4);
    // and the plain live sampler does not look
    const plain = await createLiveSampler({ source: 'linux', maxCpu: 0.05, intervalMs: () => 2000 })();
    expect(plain.processes).toBeUndefined();
  });

  it('names this process as the owner of its listeners, both ends of its connections and its CLOSE_WAIT', async () => {
    const r = await runCli(['--once', '--json', '--processes', '--top', '10000']);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const me = doc.processes.processes.find((p) => p.pid === process.pid);
    expect(me).toEqual({
      pid: process.pid,
      command: myCommand,
      cmdline: expect.stringMatching(/node/) as unknown,
      states: { LISTEN: 2, ESTABLISHED: 8, CLOSE_WAIT: 2 },
      listening: [load.port, load.leakyPort].sort((a, b) => a - b),
    });
    // toward the listener: the 4 ESTABLISHED clients are ours; the 3 TIME_WAIT belong to no one
    const dest = doc.processes.destinations.find((d) => d.remote === `127.0.0.1:${load.port}`);
    expect(dest?.owners).toEqual([{ pid: process.pid, command: myCommand, cmdline: expect.stringMatching(/node/) as unknown, sockets: 4 }]);
    expect(doc.processes.notes.join('\n')).toMatch(/\d+ TIME_WAIT socket\(s\) belong to no process/);
  });

  it('names the process in the CLOSE_WAIT group and in the close_wait_leak alert', async () => {
    const r = await runCli(['--once', '--json', '--processes', '--top', '10000', '--set', 'close_wait_leak.warning=1', '--set', 'close_wait_leak.critical=1000000']);
    const doc = JSON.parse(r.stdout) as Doc & { close_wait: Array<{ direction: string; address: string; port: number; count: number; processes?: string[] }>; alerts: Array<{ rule: string; message: string }> };
    const group = doc.close_wait.find((g) => g.port === load.leakyPort);
    expect(group).toEqual({ direction: 'inbound', address: '127.0.0.1', port: load.leakyPort, count: 2, processes: [`${myCommand}/${process.pid}`] });
    expect(doc.alerts.find((a) => a.rule === 'close_wait_leak')?.message).toContain(`2 on 127.0.0.1:${load.leakyPort} (${myCommand}/${process.pid})`);
    // without --processes the group is there, unnamed
    const plain = JSON.parse((await runCli(['--once', '--json'])).stdout) as { close_wait: Array<{ port: number; processes?: string[] }> };
    expect(plain.close_wait.find((g) => g.port === load.leakyPort)?.processes).toBeUndefined();
  });

  it('the table lists the process and who talks to the destination', async () => {
    const r = await runCli(['--once', '--processes', '--top', '10000']);
    expect(r.stdout).toMatch(new RegExp(`\\n\\s+${process.pid}\\s+${myCommand}\\s+2\\s+8\\s+2\\s+[\\d,]*${Math.min(load.port, load.leakyPort)}`));
    expect(r.stdout).toContain(`127.0.0.1 -> 127.0.0.1:${load.port}: ${myCommand}[${process.pid}] 4`);
  });

  it('as another user, says whose files it could not read and leaves those sockets unowned', async (ctx) => {
    const r = await (await cliAsNobody(ctx)).run(['--once', '--json', '--processes', '--top', '10000']);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.processes.processes.some((p) => p.pid === process.pid)).toBe(false);
    expect(doc.processes.unowned.LISTEN).toBeGreaterThanOrEqual(2);
    expect(doc.processes.notes.join('\n')).toMatch(/could not read the open files of \d+ of \d+ processes \(permission denied\).*run as root/);
  });

  it('without --processes nothing is scanned or written', async () => {
    const r = await runCli(['--once', '--json']);
    expect(JSON.parse(r.stdout)).not.toHaveProperty('processes');
  });
});

describe('the owner scan is bounded', () => {
  it('stops at its time budget and says how much it left', () => {
    let t = 0;
    const scan = scanSocketOwners('/proc', new Set([1]), 3, undefined, () => t++);
    // a process whose fd folder was denied (another user's, when not root) is counted in both
    expect(scan.processes).toBeLessThanOrEqual(4);
    expect(scan.denied).toBeLessThanOrEqual(scan.processes);
    expect(scan.skipped).toBeGreaterThan(0);
    const report = attributeSockets([], scan, [], 0, 10);
    expect(report.notes).toContain(`the scan stopped at its 3 ms budget with ${scan.skipped} processes unread: counts are partial`);
  });

  it('a tree without process directories (a fixture) attributes nothing and says so', async () => {
    const r = await runCli(['--once', '--json', '--processes', '--proc-root', 'fixtures/linux/states/proc']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.processes.processes).toEqual([]);
    expect(doc.processes.unowned).toEqual({ LISTEN: 8, ESTABLISHED: 13, SYN_SENT: 2, CLOSE_WAIT: 3 });
    expect(doc.processes.notes).toEqual(['6 TIME_WAIT socket(s) belong to no process: the kernel keeps them after the close', 'no process directories could be read: nothing to attribute']);
  });
});

describe('attribution (pure)', () => {
  const row = (state: TcpRow['state'], inode: number, localPort: number, remotePort: number): TcpRow => ({ family: 4, local: '10.0.0.5', localPort, remote: state === 'LISTEN' ? '0.0.0.0' : '10.0.0.9', remotePort, state, inode });
  const nginx = { pid: 100, command: 'nginx' };
  const worker = { pid: 101, command: 'nginx' };
  const scan: OwnerScan = {
    owners: new Map([
      [1, [nginx, worker]], // a listener shared across fork
      [2, [worker]],
      [3, [worker]],
      [4, [nginx]],
    ]),
    processes: 50,
    denied: 0,
    skipped: 0,
    otherNamespace: 0,
    budgetMs: 2000,
  };
  const dest: Destination = { local: '10.0.0.5', remote: '10.0.0.9', remotePort: 8080, portsInUse: 3, states: { ESTABLISHED: 2, CLOSE_WAIT: 1 } };

  it('counts per process and per destination, shared sockets for each holder', () => {
    const rows = [row('LISTEN', 1, 80, 0), row('ESTABLISHED', 2, 40000, 8080), row('CLOSE_WAIT', 3, 40001, 8080), row('ESTABLISHED', 4, 40002, 8080), row('ESTABLISHED', 5, 40003, 8080)];
    const r = attributeSockets(rows, scan, [dest], 0, 10);
    expect(r.processes).toEqual([
      { pid: 101, command: 'nginx', states: { LISTEN: 1, ESTABLISHED: 1, CLOSE_WAIT: 1 }, listening: [80] },
      { pid: 100, command: 'nginx', states: { LISTEN: 1, ESTABLISHED: 1 }, listening: [80] },
    ]);
    expect(r.destinations[0]?.owners).toEqual([
      { pid: 101, command: 'nginx', sockets: 2 },
      { pid: 100, command: 'nginx', sockets: 1 },
    ]);
    expect(r.unowned).toEqual({ ESTABLISHED: 1 });
    expect(r.notes).toEqual(['1 socket(s) with no owner found (held by processes not visible in this /proc, or closed during the scan)']);
    expect(attributeSockets(rows, scan, [dest], 0, 1).processes.map((p) => p.pid)).toEqual([101]);
    expect(attributeSockets(rows, scan, [dest], 0, 1).processCount).toBe(2);
  });

  it('says when fds were unreadable instead of blaming the sockets', () => {
    const r = attributeSockets([row('ESTABLISHED', 9, 1, 2)], { ...scan, denied: 7 }, [], 12, 10);
    expect(r.notes).toEqual([
      '12 TIME_WAIT socket(s) belong to no process: the kernel keeps them after the close',
      'could not read the open files of 7 of 50 processes (permission denied): their sockets show as unowned; run as root to see them',
    ]);
  });
});
