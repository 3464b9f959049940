import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { runCli } from '../helpers/cli.js';

const isRoot = process.getuid?.() === 0;
const HOLDER = fileURLToPath(new URL('../helpers/netns-holder.mjs', import.meta.url));

interface Doc {
  states: Record<string, number>;
  sockstat: { tw: number };
  netns?: { pid: number; command?: string; same_as_tcpwatch?: boolean; limits_from: string };
  destinations: Array<{ remote: string; states: Record<string, number> }>;
  warnings: string[];
}

describe.skipIf(!isRoot)('--pid: the network namespace of another process (unshare -n, root)', () => {
  // unshare execs node in place: the holder's pid is the child's, in its own namespace
  const startHolder = () => execa('unshare', ['-n', 'node', HOLDER], { stdin: 'pipe', timeout: 60_000, reject: false });
  let child: ReturnType<typeof startHolder>;
  let held: { pid: number; port: number; leakyPort: number };
  beforeAll(async () => {
    child = startHolder();
    held = await new Promise((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as typeof held));
      void child.then((r) => reject(new Error(`holder ended early: ${String(r.stderr)}`)));
    });
  });
  afterAll(async () => {
    child.stdin?.end();
    await child;
  });

  it('counts exactly the sockets of that namespace, and says whose they are', async () => {
    const r = await runCli(['--once', '--json', '--pid', String(held.pid)]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    // only the holder's sockets live there: 2 listeners, both ends of 4 connections, ...
    expect(doc.states).toMatchObject({ LISTEN: 2, ESTABLISHED: 8, TIME_WAIT: 3, CLOSE_WAIT: 2, FIN_WAIT2: 2, SYN_SENT: 0 });
    expect(Object.values(doc.states).reduce((a, b) => a + b, 0)).toBe(17);
    // sockstat is per namespace too
    expect(doc.sockstat.tw).toBe(3);
    expect(doc.destinations.find((d) => d.remote === `127.0.0.1:${held.port}`)?.states).toEqual({ ESTABLISHED: 4, TIME_WAIT: 3 });
    expect(doc.netns).toEqual({ pid: held.pid, command: 'node', same_as_tcpwatch: false, limits_from: "tcpwatch's namespace" });
    expect(doc.warnings.join('\n')).toContain(`pid ${held.pid} is in another network namespace`);
    expect(doc.warnings.join('\n')).toContain(`nsenter -t ${held.pid} -n tcpwatch`);
  });

  it('with --processes, names the holder as the owner, reading only processes in that namespace', async () => {
    const r = await runCli(['--once', '--json', '--processes', '--pid', String(held.pid)]);
    const doc = JSON.parse(r.stdout) as { processes: { processes: Array<{ pid: number; states: Record<string, number> }>; unowned: Record<string, number>; notes: string[] } };
    expect(doc.processes.processes).toEqual([{ pid: held.pid, command: 'node', states: { LISTEN: 2, ESTABLISHED: 8, CLOSE_WAIT: 2 }, listening: [held.port, held.leakyPort].sort((a, b) => a - b) }]);
    expect(doc.processes.unowned).toEqual({});
    expect(doc.processes.notes.join('\n')).toMatch(/3 TIME_WAIT socket\(s\) belong to no process[^]*\d+ processes in other network namespaces were not read/);
  });

  it('the table says so in its header', async () => {
    const r = await runCli(['--once', '--pid', String(held.pid)]);
    expect(r.stdout.split('\n')[0]).toContain(`netns of pid ${held.pid} (node)`);
    expect(r.stdout).toMatch(/TIME_WAIT\s+3\s/);
  });

  it('the host namespace does not see those sockets', async () => {
    const r = await runCli(['--once', '--json', '--top', '10000']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.netns).toBeUndefined();
    expect(doc.destinations.find((d) => d.remote === `127.0.0.1:${held.port}`)?.states).not.toEqual({ ESTABLISHED: 4, TIME_WAIT: 3 });
  });

  it('without permission to read its ns link (another user), it says the limits cannot be compared', async (ctx) => {
    const r = await (await cliAsNobody(ctx)).run(['--once', '--json', '--pid', String(held.pid)]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.states.TIME_WAIT).toBe(3);
    expect(doc.netns?.same_as_tcpwatch).toBeUndefined();
    expect(doc.warnings.join('\n')).toContain('a network namespace tcpwatch cannot compare with its own (no permission to read its ns link)');
  });
});
if (!isRoot) console.warn('skipped: --pid over a fresh network namespace needs root (unshare -n)');

describe('--pid errors', () => {
  it('a process in this namespace: no warning, limits are its own', async () => {
    const r = await runCli(['--once', '--json', '--pid', String(process.pid)]);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.netns).toMatchObject({ pid: process.pid, same_as_tcpwatch: true, limits_from: 'this namespace' });
    expect(doc.warnings.filter((w) => w.includes('namespace'))).toEqual([]);
  });

  it('a process that has exited is a clear error, not a crash', async () => {
    const gone = await execa('node', ['-e', 'process.stdout.write(String(process.pid))']);
    const r = await runCli(['--once', '--pid', gone.stdout]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`tcpwatch: --pid ${gone.stdout}: no such process (/proc/${gone.stdout} not found)`);
  });

  it('a pid that is not a number is a usage error', async () => {
    const r = await runCli(['--once', '--pid', 'nginx']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--pid: "nginx" is not a whole number');
  });
});
