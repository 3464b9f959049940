import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { exporterPort } from '../helpers/exporter-port.js';
import { addNamedNetns, ssStates, sysctlIn } from '../helpers/named-netns.js';
import { parsePromText, promValue, type PromFamily } from '../helpers/prom-text.js';
import { sockdiagForTests } from '../helpers/sockdiag-addon.js';

const canEnter = process.getuid?.() === 0 && sockdiagForTests() !== undefined;
const HOLDER = fileURLToPath(new URL('../helpers/netns-holder.mjs', import.meta.url));

const scrape = async (port: number) => {
  const r = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(r.status).toBe(200);
  return parsePromText(await r.text());
};

/** Scrapes (each asks for the next sample) until `done` holds, at most `tries` times. */
async function scrapeUntil(port: number, done: (m: Map<string, PromFamily>) => boolean, tries = 40): Promise<Map<string, PromFamily>> {
  let m = await scrape(port);
  for (let i = 0; i < tries && !done(m); i++) {
    await sleep(250);
    m = await scrape(port);
  }
  return m;
}

const netnsLabels = (m: Map<string, PromFamily>, family: string) => new Set((m.get(family)?.samples ?? []).map((s) => s.labels.netns));

const STATE_LABEL: Record<string, string> = { ESTABLISHED: 'established', TIME_WAIT: 'time_wait', CLOSE_WAIT: 'close_wait', LISTEN: 'listen' };

describe.skipIf(!canEnter)('serve --all-netns over HTTP: one netns label per namespace (root, sock_diag addon)', () => {
  type Holder = ReturnType<typeof startHolder>;
  const startHolder = (name: string) => execa('ip', ['netns', 'exec', name, 'node', HOLDER], { stdin: 'pipe', timeout: 60_000, reject: false });
  const started = (h: Holder) =>
    new Promise<void>((resolve, reject) => {
      h.stdout?.once('data', () => resolve());
      void h.then((r) => reject(new Error(`holder ended early: ${String(r.stderr)}`)));
    });
  const startServe = (extra: string[]) => execa('node', [CLI, 'serve', '--all-netns', '--listen', '127.0.0.1:0', '--interval', '200ms', '--max-cpu', '100%', ...extra], { cwd: ROOT, reject: false });
  let full: Awaited<ReturnType<typeof addNamedNetns>>;
  let narrow: Awaited<ReturnType<typeof addNamedNetns>>;
  let empty: Awaited<ReturnType<typeof addNamedNetns>>;
  const holders: Holder[] = [];
  const exporters: Array<ReturnType<typeof startServe>> = [];
  const serve = async (extra: string[]) => {
    const child = startServe(extra);
    exporters.push(child);
    return exporterPort(child);
  };

  beforeAll(async () => {
    full = await addNamedNetns('sfull', ['net.ipv4.tcp_max_tw_buckets=3']);
    narrow = await addNamedNetns('snarrow', ['net.ipv4.tcp_max_tw_buckets=5000', 'net.ipv4.ip_local_port_range=40000 40019']);
    empty = await addNamedNetns('sempty', ['net.ipv4.tcp_max_tw_buckets=77']);
    for (const name of [full.name, narrow.name]) {
      const h = startHolder(name);
      holders.push(h);
      await started(h);
    }
  });
  afterAll(async () => {
    for (const e of exporters) e.kill('SIGTERM');
    await Promise.all(exporters);
    for (const h of holders) h.stdin?.end();
    await Promise.all(holders);
    await Promise.all([full, narrow, empty].map((n) => n.remove()));
  });

  it("exports each namespace's counts and limits under its name, judged by its own limits, and drops one deleted", async () => {
    const port = await serve(['--top-netns', '1000']);
    // tw_buckets is confirmed over two samples of that namespace: scrape until it is
    const m = await scrapeUntil(port, (x) => promValue(x, 'tcpwatch_alert_level', { netns: full.name, rule: 'tw_buckets' }) === 2);
    for (const ns of [full, narrow, empty]) {
      expect(promValue(m, 'tcpwatch_netns_up', { netns: ns.name })).toBe(1);
      const ss = await ssStates(ns.name);
      for (const [state, label] of Object.entries(STATE_LABEL)) {
        expect(promValue(m, 'node_tcp_connection_states', { netns: ns.name, state: label }), `${ns.name} ${state}`).toBe(ss[state] ?? 0);
      }
      expect(promValue(m, 'node_sysctl_net_ipv4_tcp_max_tw_buckets', { netns: ns.name })).toBe(Number(await sysctlIn(ns.name, 'net.ipv4.tcp_max_tw_buckets')));
    }
    expect(promValue(m, 'node_tcp_connection_states', { netns: full.name, state: 'time_wait' })).toBe(3);
    expect(promValue(m, 'tcpwatch_ephemeral_ports', { netns: narrow.name })).toBe(20);
    // each by its own limit: 3 of 3 is critical in one, 3 of 5000 nothing in the other
    expect(promValue(m, 'tcpwatch_alert_level', { netns: full.name, rule: 'tw_buckets' })).toBe(2);
    expect(promValue(m, 'tcpwatch_alert_level', { netns: narrow.name, rule: 'tw_buckets' })).toBe(0);
    expect(promValue(m, 'tcpwatch_limit', { netns: full.name, rule: 'tw_buckets' })).toBe(3);
    // the host's own namespace is one of them; the exporter's own series have no netns
    expect(promValue(m, 'tcpwatch_netns_up', { netns: 'host' })).toBe(1);
    for (const f of ['process_cpu_seconds_total', 'tcpwatch_build_info', 'tcpwatch_scrape_success', 'tcpwatch_sample_age_seconds']) {
      const samples = m.get(f)?.samples ?? [];
      expect(samples.length, f).toBeGreaterThan(0);
      expect(
        samples.every((s) => s.labels.netns === undefined),
        f,
      ).toBe(true);
    }
    expect(netnsLabels(m, 'node_tcp_connection_states').has('other')).toBe(false);
    // the dashboard's $netns: every series its namespace-filtered panels read has this namespace's
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'contrib/grafana-dashboard.json'), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const read = new Set(dashboard.panels.flatMap((p) => p.targets.filter((t) => t.expr.includes('$netns')).flatMap((t) => t.expr.match(/\btcpwatch_[a-z_]+/g) ?? [])));
    expect(read.size).toBeGreaterThan(5);
    for (const f of read) expect(netnsLabels(m, f).has(full.name), f).toBe(true);

    await empty.remove();
    const after = await scrapeUntil(port, (x) => !netnsLabels(x, 'tcpwatch_netns_up').has(empty.name));
    for (const f of ['tcpwatch_netns_up', 'node_tcp_connection_states', 'tcpwatch_alert_level', 'node_sysctl_net_ipv4_tcp_max_tw_buckets']) expect(netnsLabels(after, f).has(empty.name), f).toBe(false);
    // the others are still there, from a sample taken after the deletion
    expect(promValue(after, 'node_tcp_connection_states', { netns: full.name, state: 'time_wait' })).toBe(3);
  });

  it('--top-netns 1: the busiest one by name, the rest summed under netns="other" without their limits', async () => {
    const port = await serve(['--top-netns', '1']);
    const m = await scrapeUntil(port, (x) => (promValue(x, 'tcpwatch_netns_summed') ?? 0) >= 1);
    const labels = [...netnsLabels(m, 'node_tcp_connection_states')];
    expect(labels).toHaveLength(2);
    expect(labels).toContain('other');
    expect(promValue(m, 'tcpwatch_netns_summed')).toBe((promValue(m, 'tcpwatch_netns_found', { readable: 'true' }) ?? 0) - 1);
    // our two loaded namespaces hold 3 TIME_WAIT and 8 ESTABLISHED each: at most one of them is the busiest
    expect(promValue(m, 'node_tcp_connection_states', { netns: 'other', state: 'time_wait' })).toBeGreaterThanOrEqual(3);
    expect(promValue(m, 'node_tcp_connection_states', { netns: 'other', state: 'established' })).toBeGreaterThanOrEqual(8);
    // a sum of limits limits nothing: none for other, and no ratio
    for (const f of ['node_sysctl_net_ipv4_tcp_max_tw_buckets', 'tcpwatch_limit', 'tcpwatch_ephemeral_ports']) expect(netnsLabels(m, f).has('other'), f).toBe(false);
    // the worst level of those summed: the full namespace's critical, wherever it is in that scrape
    // (the busiest can change between scrapes: other test files' namespaces come and go)
    const where = (x: Map<string, PromFamily>) => (netnsLabels(x, 'node_tcp_connection_states').has(full.name) ? full.name : 'other');
    const level = (x: Map<string, PromFamily>) => promValue(x, 'tcpwatch_alert_level', { netns: where(x), rule: 'tw_buckets' });
    expect(level(await scrapeUntil(port, (x) => level(x) === 2))).toBe(2);
  });

  it('as another user: a namespace it cannot enter is tcpwatch_netns_up 0 with the reason on stderr, never zeros', async (ctx) => {
    const child = (await cliAsNobody(ctx)).start(['serve', '--all-netns', '--listen', '127.0.0.1:0', '--interval', '200ms', '--top-netns', '1000']);
    try {
      const port = await exporterPort(child);
      const m = await scrape(port);
      expect(promValue(m, 'tcpwatch_netns_up', { netns: narrow.name })).toBe(0);
      expect(netnsLabels(m, 'node_tcp_connection_states').has(narrow.name)).toBe(false);
      expect(netnsLabels(m, 'tcpwatch_alert_level').has(narrow.name)).toBe(false);
      expect(promValue(m, 'tcpwatch_netns_found', { readable: 'false' })).toBeGreaterThanOrEqual(2);
    } finally {
      child.kill('SIGTERM');
    }
    const r = await child;
    expect(String(r.stderr)).toMatch(new RegExp(`netns ${narrow.name} cannot be read: .*cannot enter it .*Operation not permitted`));
  });
});
if (!canEnter) console.warn('skipped: serve --all-netns needs root and the sock_diag addon (ip netns add, setns)');

describe('serve --all-netns usage', () => {
  it('cannot --record (a recording holds one namespace)', async () => {
    const r = await runCli(['serve', '--all-netns', '--record', '/dev/null']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('serve --all-netns cannot --record');
  });
});
