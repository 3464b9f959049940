import { execa } from 'execa';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { runCli } from '../helpers/cli.js';
import { addNamedNetns, ssStates, sysctlIn } from '../helpers/named-netns.js';
import { sockdiagForTests } from '../helpers/sockdiag-addon.js';

const isRoot = process.getuid?.() === 0;
const canEnter = isRoot && sockdiagForTests() !== undefined;
const HOLDER = fileURLToPath(new URL('../helpers/netns-holder.mjs', import.meta.url));

interface Doc {
  states: Record<string, number>;
  limits: { tcp_max_tw_buckets?: number; ip_local_port_range?: [number, number]; tcp_tw_reuse?: number };
  sockstat: { tw?: number };
  netns?: Record<string, unknown>;
  alerts: Array<{ rule: string; level: string; limit: number }>;
  warnings: string[];
}

const once = async (args: string[]) => {
  const r = await runCli(['--once', '--json', ...args]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Doc;
};

describe.skipIf(!canEnter)('--netns NAME: a named network namespace, read from inside (root, sock_diag addon)', () => {
  let loaded: Awaited<ReturnType<typeof addNamedNetns>>;
  let empty: Awaited<ReturnType<typeof addNamedNetns>>;
  const startHolder = (name: string) => execa('ip', ['netns', 'exec', name, 'node', HOLDER], { stdin: 'pipe', timeout: 60_000, reject: false });
  let holder: ReturnType<typeof startHolder>;
  beforeAll(async () => {
    // a bucket limit the holder's 3 TIME_WAIT sockets fill
    loaded = await addNamedNetns('loaded', ['net.ipv4.tcp_max_tw_buckets=3', 'net.ipv4.ip_local_port_range=40000 40999']);
    empty = await addNamedNetns('empty', ['net.ipv4.tcp_max_tw_buckets=77', 'net.ipv4.ip_local_port_range=20000 20999']);
    holder = startHolder(loaded.name);
    await new Promise((resolve, reject) => {
      holder.stdout?.once('data', resolve);
      void holder.then((r) => reject(new Error(`holder ended early: ${String(r.stderr)}`)));
    });
  });
  afterAll(async () => {
    holder.stdin?.end();
    await holder;
    await loaded.remove();
    await empty.remove();
  });

  it('counts equal ss -tan inside it, state by state, and the limits are its own sysctls', async () => {
    const doc = await once(['--netns', loaded.name]);
    const ss = await ssStates(loaded.name);
    expect(Object.keys(ss).length).toBeGreaterThan(2);
    for (const [state, n] of Object.entries(ss)) expect(doc.states[state], state).toBe(n);
    expect(Object.values(doc.states).reduce((a, b) => a + b, 0)).toBe(Object.values(ss).reduce((a, b) => a + b, 0));
    expect(doc.limits.tcp_max_tw_buckets).toBe(Number(await sysctlIn(loaded.name, 'net.ipv4.tcp_max_tw_buckets')));
    expect(doc.limits.tcp_max_tw_buckets).toBe(3);
    expect(doc.limits.ip_local_port_range).toEqual([40000, 40999]);
    expect(doc.netns).toMatchObject({ name: loaded.name, same_as_tcpwatch: false, limits_from: 'inside that namespace' });
    expect(doc.sockstat.tw).toBe(3);
  });

  it("--processes names the owners inside it (its processes are not tcpwatch's namespace's)", async () => {
    const doc = (await once(['--netns', loaded.name, '--processes'])) as Doc & { processes?: { processes: Array<{ pid: number; command: string; states: Record<string, number> }> } };
    const holderPid = (await execa('ip', ['netns', 'pids', loaded.name])).stdout.split('\n').map(Number);
    const found = doc.processes?.processes.find((p) => holderPid.includes(p.pid));
    expect(found?.command).toBe('node');
    expect(found?.states.ESTABLISHED).toBeGreaterThanOrEqual(4);
    expect(found?.states.LISTEN).toBeGreaterThanOrEqual(1);
  });

  it('judges it by its own limits: 3 timewait of 3 buckets is critical there', async () => {
    const doc = await once(['--netns', loaded.name]);
    expect(doc.alerts.find((a) => a.rule === 'tw_buckets')).toMatchObject({ level: 'critical', limit: 3 });
    const check = await runCli(['check', '--check-window', '0', '--netns', loaded.name]);
    expect(check.exitCode).toBe(2);
    expect(check.stdout).toMatch(/^TCPWATCH CRITICAL - tw_buckets: 3 timewait sockets of tcp_max_tw_buckets 3/);
  });

  it('a namespace with no process in it: its limits, no sockets', async () => {
    const pids = (await execa('ip', ['netns', 'pids', empty.name])).stdout.trim();
    expect(pids).toBe('');
    const doc = await once(['--netns', empty.name]);
    expect(Object.values(doc.states).every((n) => n === 0)).toBe(true);
    expect(doc.limits.tcp_max_tw_buckets).toBe(77);
    expect(doc.limits.ip_local_port_range).toEqual([20000, 20999]);
    // the same namespace by its path
    const byPath = await once(['--netns', `/run/netns/${empty.name}`]);
    expect(byPath.limits.tcp_max_tw_buckets).toBe(77);
    expect(byPath.netns).toMatchObject({ path: `/run/netns/${empty.name}` });
  });

  it('the table names it in its header', async () => {
    const r = await runCli(['--once', '--netns', empty.name]);
    expect(r.stdout.split('\n')[0]).toContain(`netns ${empty.name}`);
    expect(r.stdout).toMatch(/TIME_WAIT vs tcp_max_tw_buckets\s+0 of 77/);
  });

  it('--pid of a process in it: named by its ip-netns name as well as the pid', async () => {
    const pid = holder.pid ?? 0;
    const r = await runCli(['--once', '--pid', String(pid)]);
    expect(r.stdout.split('\n')[0]).toContain(`netns ${loaded.name}, of pid ${pid} (node)`);
    const doc = await once(['--pid', String(pid)]);
    expect(doc.netns).toMatchObject({ name: loaded.name, pid });
    expect(doc.limits.tcp_max_tw_buckets).toBe(3);
  });

  it('as another user: a clear error saying it cannot be entered', async (ctx) => {
    const r = await (await cliAsNobody(ctx)).run(['--once', '--netns', empty.name]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`tcpwatch: netns ${empty.name}: cannot enter it (sock_diag setns(network namespace): Operation not permitted: entering a namespace needs root)`);
  });
});
if (!canEnter) console.warn('skipped: --netns needs root and the sock_diag addon (ip netns add, setns)');

describe('--netns errors', () => {
  it('a name that is not under /run/netns', async () => {
    const r = await runCli(['--once', '--netns', 'no-such-netns-here']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('tcpwatch: --netns no-such-netns-here: /run/netns/no-such-netns-here: not found (ip netns list shows the names under /run/netns)');
  });

  it.skipIf(!canEnter)('a file that is not a network namespace', async () => {
    const r = await runCli(['--once', '--netns', '/etc/hostname']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('tcpwatch: netns /etc/hostname: not a network namespace (setns: Invalid argument); give a name under /run/netns or a /proc/PID/ns/net path');
    // a directory, and another kind of namespace, alike
    expect((await runCli(['--once', '--netns', '/tmp'])).stderr).toMatch(/^tcpwatch: netns \/tmp: not a network namespace/);
    expect((await runCli(['--once', '--netns', '/proc/self/ns/uts'])).stderr).toMatch(/^tcpwatch: netns \/proc\/self\/ns\/uts: not a network namespace/);
  });

  it.skipIf(!canEnter)('a file left under /run/netns with no namespace mounted on it: said so, and how to remove it; --all-netns warns of it', async () => {
    const name = `tcpwatch-leftover-${process.pid}`;
    const path = `/run/netns/${name}`;
    mkdirSync('/run/netns', { recursive: true });
    writeFileSync(path, '');
    try {
      const r = await runCli(['--once', '--netns', name]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(`tcpwatch: netns ${name}: ${path}: no network namespace is mounted on it (a file left behind; ip netns delete ${name} removes it)`);
      const all = JSON.parse((await runCli(['--once', '--json', '--all-netns'])).stdout) as { warnings: string[]; namespaces: Array<{ netns: { name?: string } }> };
      expect(all.warnings.filter((w) => w.startsWith(`${path}:`))).toEqual([`${path}: no network namespace is mounted on it (a file left behind; ip netns delete ${name} removes it)`]);
      expect(all.namespaces.some((n) => n.netns.name === name)).toBe(false);
    } finally {
      rmSync(path, { force: true });
    }
  });

  it('--pid and --netns together is a usage error', async () => {
    const r = await runCli(['--once', '--pid', '1', '--netns', 'x']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--pid and --netns both name a network namespace: give one');
  });
});
