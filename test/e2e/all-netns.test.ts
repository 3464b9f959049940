import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { runCli } from '../helpers/cli.js';
import { addNamedNetns, ssStates, sysctlIn } from '../helpers/named-netns.js';
import { sockdiagForTests } from '../helpers/sockdiag-addon.js';

const canEnter = process.getuid?.() === 0 && sockdiagForTests() !== undefined;
const HOLDER = fileURLToPath(new URL('../helpers/netns-holder.mjs', import.meta.url));

interface Entry {
  netns: { inode: number; name: string | null; pids?: Array<{ pid: number; command?: string }>; container: unknown; same_as_tcpwatch?: boolean; limits_from: string };
  states: Record<string, number>;
  limits: { tcp_max_tw_buckets?: number; ip_local_port_range?: [number, number] };
  alerts: Array<{ rule: string; level: string }>;
  warnings: string[];
  error?: string;
}
interface Doc {
  time: string;
  host: string;
  namespaces: Entry[];
}

describe.skipIf(!canEnter)('--all-netns: every network namespace, each by its own limits (root, sock_diag addon)', () => {
  type Holder = ReturnType<typeof startHolder>;
  const startHolder = (cmd: string[]) => execa(cmd[0] ?? '', [...cmd.slice(1), 'node', HOLDER], { stdin: 'pipe', timeout: 60_000, reject: false });
  const started = async (h: Holder) =>
    new Promise<{ pid: number }>((resolve, reject) => {
      h.stdout?.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as { pid: number }));
      void h.then((r) => reject(new Error(`holder ended early: ${String(r.stderr)}`)));
    });
  let full: Awaited<ReturnType<typeof addNamedNetns>>;
  let narrow: Awaited<ReturnType<typeof addNamedNetns>>;
  let empty: Awaited<ReturnType<typeof addNamedNetns>>;
  const holders: Holder[] = [];
  let unnamedPid = 0;
  beforeAll(async () => {
    full = await addNamedNetns('full', ['net.ipv4.tcp_max_tw_buckets=3']);
    narrow = await addNamedNetns('narrow', ['net.ipv4.tcp_max_tw_buckets=5000', 'net.ipv4.ip_local_port_range=40000 40019']);
    empty = await addNamedNetns('empty', ['net.ipv4.tcp_max_tw_buckets=77']);
    for (const name of [full.name, narrow.name]) {
      const h = startHolder(['ip', 'netns', 'exec', name]);
      holders.push(h);
      await started(h);
    }
    // a namespace no mount holds: found only through its process
    const h = startHolder(['unshare', '-n']);
    holders.push(h);
    unnamedPid = (await started(h)).pid;
  });
  afterAll(async () => {
    for (const h of holders) h.stdin?.end();
    await Promise.all(holders);
    await Promise.all([full, narrow, empty].map((n) => n.remove()));
  });

  const doc = async () => {
    const r = await runCli(['--once', '--json', '--all-netns']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Doc;
  };

  it('lists each namespace with its own counts and limits, worst first', async () => {
    const d = await doc();
    const byName = (n: string) => d.namespaces.find((e) => e.netns.name === n);
    for (const ns of [full, narrow, empty]) {
      const e = byName(ns.name);
      expect(e, ns.name).toBeDefined();
      const ss = await ssStates(ns.name);
      for (const [state, n] of Object.entries(ss)) expect(e?.states[state], `${ns.name} ${state}`).toBe(n);
      expect(e?.limits.tcp_max_tw_buckets).toBe(Number(await sysctlIn(ns.name, 'net.ipv4.tcp_max_tw_buckets')));
    }
    expect(byName(narrow.name)?.limits.ip_local_port_range).toEqual([40000, 40019]);
    expect(byName(empty.name)?.limits.tcp_max_tw_buckets).toBe(77);
    expect(Object.values(byName(empty.name)?.states ?? { x: 1 }).every((n) => n === 0)).toBe(true);
    // 3 timewait of 3 buckets: critical there, and so first
    expect(d.namespaces[0]?.netns.name).toBe(full.name);
    expect(d.namespaces[0]?.alerts.find((a) => a.rule === 'tw_buckets')?.level).toBe('critical');
    expect(byName(narrow.name)?.alerts.filter((a) => a.rule === 'tw_buckets')).toEqual([]);
    // the host's own namespace is one of them
    expect(d.namespaces.filter((e) => e.netns.same_as_tcpwatch === true)).toHaveLength(1);
    // one inode per namespace
    expect(new Set(d.namespaces.map((e) => e.netns.inode)).size).toBe(d.namespaces.length);
  });

  it('finds a namespace held only by a process, named by that process', async () => {
    const d = await doc();
    const e = d.namespaces.find((x) => x.netns.pids?.some((p) => p.pid === unnamedPid));
    expect(e?.netns).toMatchObject({ name: null, container: null, limits_from: 'inside that namespace' });
    expect(e?.netns.pids?.[0]).toEqual({ pid: unnamedPid, command: 'node' });
    expect(e?.states).toMatchObject({ ESTABLISHED: 8, TIME_WAIT: 3, CLOSE_WAIT: 2, LISTEN: 2 });
  });

  it('the table: one row per namespace, then the worst in detail', async () => {
    const r = await runCli(['--once', '--all-netns']);
    const lines = r.stdout.split('\n');
    // no container or pod here: those columns are left out
    expect(lines[2]).toMatch(/^NETNS\s+ESTAB\s+TIME_WAIT\s+CLOSE_WAIT\s+TW\/BUCKETS\s+DEST\/RANGE\s+ALERTS$/);
    expect(lines[3]).toMatch(new RegExp(`^${full.name}\\s+\\d+\\s+3\\s+\\d+\\s+100\\.0%\\s+[\\d.]+%\\s+CRITICAL tw_buckets`));
    expect(r.stdout).toMatch(new RegExp(`\\n${empty.name}\\s+0\\s+0\\s+0\\s+0\\.0%\\s+0\\.0%\\s+ok\\n`));
    expect(r.stdout).toContain(`WORST: ${full.name}`);
    expect(r.stdout).toMatch(/TIME_WAIT vs tcp_max_tw_buckets\s+3 of 3\s+100\.0%/);
  });

  it('check --all-netns: the worst decides and the line names it', async () => {
    const r = await runCli(['check', '--all-netns', '--check-window', '0']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^TCPWATCH CRITICAL - netns ${full.name} \\(worst of \\d+\\): tw_buckets: 3 timewait sockets of tcp_max_tw_buckets 3`));
  });

  it('as another user: what it cannot read is said, never zeros', async (ctx) => {
    const r = await (await cliAsNobody(ctx)).run(['--once', '--json', '--all-netns']);
    expect(r.exitCode).toBe(0);
    const d = JSON.parse(r.stdout) as Doc & { warnings: string[] };
    expect(d.warnings.join('\n')).toMatch(/\d+ process\(es\) of other users whose network namespace could not be read \(pid \d+.*\): run as root/);
    const named = d.namespaces.find((e) => e.netns.name === empty.name);
    expect(named?.error).toMatch(/cannot enter it .*Operation not permitted/);
    expect(named?.states).toBeUndefined();
  });

  it('as another user, check --all-netns never says OK over what it could not read', async (ctx) => {
    const r = await (await cliAsNobody(ctx)).run(['check', '--all-netns', '--check-window', '0']);
    const first = r.stdout.split('\n')[0] ?? '';
    expect(first).toMatch(/\(worst of \d+ read, \d+ unreadable\)/);
    expect(r.exitCode).not.toBe(0);
    // the host's own namespace reads quiet here: then it is UNKNOWN
    if (r.exitCode === 3) expect(first).toMatch(/^TCPWATCH UNKNOWN - \d+ of \d+ network namespaces could not be read; netns host /);
    expect(r.stdout).toContain(`note: netns ${empty.name} unreadable: `);
  });
});
if (!canEnter) console.warn('skipped: --all-netns needs root and the sock_diag addon (ip netns add, setns)');

describe('--all-netns usage', () => {
  it('live only as the TUI: without a terminal it says what to use instead', async () => {
    const r = await runCli(['--all-netns']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('tcpwatch: live --all-netns needs a terminal (the TUI); without one use --all-netns --once [--json] or check --all-netns');
  });
});
