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
  netns?: { pid: number; command?: string; inode?: number; same_as_tcpwatch?: boolean; limits_from: string };
  limits: Record<string, unknown>;
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
    expect(doc.netns).toEqual({ pid: held.pid, command: 'node', inode: expect.any(Number) as number, same_as_tcpwatch: false, limits_from: 'inside that namespace' });
    expect(doc.warnings.filter((w) => w.includes('namespace'))).toEqual([]);
  });

  it("reads that namespace's sysctls, not tcpwatch's", async () => {
    // the holder set tcp_tw_reuse=0 in its namespace; the host keeps its own value
    const host = Number((await execa('sysctl', ['-n', 'net.ipv4.tcp_tw_reuse'])).stdout);
    const inside = Number((await execa('nsenter', [`--net=/proc/${held.pid}/ns/net`, 'sysctl', '-n', 'net.ipv4.tcp_tw_reuse'])).stdout);
    expect(inside).toBe(0);
    expect(host).not.toBe(inside);
    const doc = JSON.parse((await runCli(['--once', '--json', '--pid', String(held.pid)])).stdout) as Doc;
    expect(doc.limits.tcp_tw_reuse).toBe(0);
    // the same through /proc/PID/net for the table: the limits still come from inside
    const procfs = JSON.parse((await runCli(['--once', '--json', '--pid', String(held.pid)], { env: { TCPWATCH_TABLE: 'procfs' } })).stdout) as Doc & { source: string };
    expect(procfs.source).toBe('procfs');
    expect(procfs.limits.tcp_tw_reuse).toBe(0);
    expect(procfs.states.TIME_WAIT).toBe(3);
  });

  it('with --processes, names the holder as the owner, reading only processes in that namespace', async () => {
    const r = await runCli(['--once', '--json', '--processes', '--pid', String(held.pid)]);
    const doc = JSON.parse(r.stdout) as { processes: { processes: Array<{ pid: number; states: Record<string, number> }>; unowned: Record<string, number>; notes: string[] } };
    expect(doc.processes.processes).toEqual([
      { pid: held.pid, command: 'node', cmdline: expect.stringMatching(/netns-holder\.mjs/) as unknown, states: { LISTEN: 2, ESTABLISHED: 8, CLOSE_WAIT: 2 }, listening: [held.port, held.leakyPort].sort((a, b) => a - b) },
    ]);
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

  it("as another user (cannot enter it), the counts are its own and the limits unknown, never the host's", async (ctx) => {
    const nobody = await cliAsNobody(ctx);
    const r = await nobody.run(['--once', '--json', '--pid', String(held.pid)]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.states.TIME_WAIT).toBe(3);
    expect(doc.netns?.same_as_tcpwatch).toBeUndefined();
    expect(doc.netns?.limits_from).toMatch(/^unknown: /);
    expect(doc.limits).toEqual({ time_wait_seconds: 60 });
    expect(doc.warnings[0]).toMatch(new RegExp(`^limits unknown for this namespace: .*; its connections and counters are read through /proc/${held.pid}/net`));
    const table = await nobody.run(['--once', '--pid', String(held.pid)]);
    expect(table.stdout).toMatch(/TIME_WAIT vs tcp_max_tw_buckets\s+3 of \?\s+\?\s+unknown for this namespace/);
    const check = await nobody.run(['check', '--check-window', '0', '--pid', String(held.pid)]);
    expect(check.exitCode).toBe(3);
    expect(check.stdout).toMatch(/^TCPWATCH UNKNOWN - cannot judge without tcp_max_tw_buckets and ip_local_port_range \(limits unknown for this namespace/);
  });
});
if (!isRoot) console.warn('skipped: --pid over a fresh network namespace needs root (unshare -n)');

describe('--pid errors', () => {
  it('a process in this namespace: no warning, limits are its own', async () => {
    const r = await runCli(['--once', '--json', '--pid', String(process.pid)]);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.netns).toMatchObject({ pid: process.pid, same_as_tcpwatch: true, limits_from: 'this namespace' });
    expect(doc.limits.tcp_max_tw_buckets).toBeGreaterThan(0);
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
