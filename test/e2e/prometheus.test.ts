import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { CLI, runCli } from '../helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('../helpers/netns-prometheus.mjs', import.meta.url));
const CONTRIB = fileURLToPath(new URL('../../contrib/', import.meta.url));

interface Notification {
  at: number;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}
interface Run {
  limit: number;
  conditionAt: number | undefined;
  overflowAt: number | undefined;
  notifications: Notification[];
  panels: Array<{ title: string; expr: string; status: string; results: number; error?: string }>;
  log: string[];
}

const has = async (cmd: string, args: string[]) => (await execa(cmd, args, { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
const tools = (await has('prometheus', ['--version'])) && (await has('prometheus-alertmanager', ['--version'])) && (await has('prometheus-node-exporter', ['--version']));
const isRoot = process.getuid?.() === 0;
const why = !isRoot ? 'needs root (a network namespace of its own)' : !tools ? 'needs Debian prometheus, prometheus-alertmanager and prometheus-node-exporter (.ci/run installs them)' : '';
if (why) console.warn(`skipped: serve -> Prometheus -> Alertmanager end to end ${why}`);

const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-prom-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(why !== '')('serve -> Prometheus (1 s) with the generated rules -> Alertmanager -> a webhook, node_exporter beside it (root)', () => {
  it('the TIME_WAIT-buckets critical reaches the webhook once, named with count, limit and instance, within samples x interval plus a few seconds; every dashboard query returns data', { timeout: 90_000 }, async () => {
    const rules = await runCli(['rules', '--prometheus', '--set', 'prometheus.interval=1s']);
    expect(rules.exitCode).toBe(0);
    writeFileSync(join(dir, 'rules.yml'), rules.stdout);
    const r = await execa('unshare', ['-n', 'node', SCRIPT, CLI, join(dir, 'rules.yml'), join(CONTRIB, 'grafana-dashboard.json'), join(CONTRIB, 'alertmanager.yml'), dir], { timeout: 80_000 });
    const run = JSON.parse(r.stdout) as Run;
    expect(run.log).toEqual([]);
    const fired = (name: string) => run.notifications.flatMap((n) => n.alerts.filter((a) => a.labels.alertname === name && a.status === 'firing').map((a) => ({ ...a, at: n.at })));

    const crit = fired('TcpwatchTimeWaitBucketsCritical');
    expect(crit.length).toBeGreaterThan(0);
    // one alert per condition: tcpwatch's series only, though node_exporter exports sockstat and the sysctl too
    expect(new Set(crit.map((a) => JSON.stringify(a.labels)))).toHaveLength(1);
    expect(crit[0]?.labels).toMatchObject({ job: 'tcpwatch', instance: '127.0.0.1:9929', severity: 'critical', rule: 'tw_buckets' });
    expect(crit[0]?.annotations.summary).toMatch(/^(19\d|200) timewait sockets of tcp_max_tw_buckets 200 \(\d+(\.\d+)?%\) on 127\.0\.0\.1:9929: past it the kernel skips TIME_WAIT \(critical from 95%\)$/);
    // condition -> webhook: the built-in samples x 1 s, plus a scrape, a sample and Alertmanager's group_wait
    const { samples } = defaultRulesConfig();
    expect(run.conditionAt).toBeDefined();
    const latency = (crit[0]?.at ?? Infinity) - (run.conditionAt ?? 0);
    console.log(`TcpwatchTimeWaitBucketsCritical: condition at ${run.conditionAt} s, webhook at ${crit[0]?.at} s (${latency.toFixed(1)} s)`);
    expect(latency).toBeLessThan(samples * 1 + 6);
    // the critical inhibits the warning of the same rule and instance (contrib/alertmanager.yml)
    const warnAfter = fired('TcpwatchTimeWaitBucketsWarning').filter((a) => a.at > (crit[0]?.at ?? 0));
    expect(warnAfter).toEqual([]);

    const overflow = fired('TcpwatchTimeWaitOverflow');
    expect(overflow.length).toBeGreaterThan(0);
    expect(new Set(overflow.map((a) => JSON.stringify(a.labels)))).toHaveLength(1);
    expect(overflow[0]?.annotations.summary).toMatch(/^TCPTimeWaitOverflow \+\d+ since the scrape before on 127\.0\.0\.1:9929: .*\(tcp_max_tw_buckets 200 reached\)$/);
    console.log(`TcpwatchTimeWaitOverflow: first refusal at ${run.overflowAt} s, webhook at ${overflow[0]?.at} s`);

    // the dashboard without Grafana: each panel's query, variables at "All", returns series
    expect(run.panels.length).toBeGreaterThanOrEqual(8);
    for (const p of run.panels) {
      expect(p.status, `${p.title}: ${p.expr} ${p.error ?? ''}`).toBe('success');
      expect(p.results, `${p.title}: ${p.expr}`).toBeGreaterThan(0);
    }
  });
});
