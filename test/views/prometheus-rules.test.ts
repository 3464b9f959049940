import { execa } from 'execa';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULE_NAMES } from '../../src/rules/catalogue.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { sampleLinux } from '../../src/source/linux.js';
import { renderMetrics } from '../../src/views/prometheus.js';
import { runCli } from '../helpers/cli.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
const PROM_TESTS = new URL('../../fixtures/prometheus/tcpwatch.test.yml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RuleDoc {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const promtool = await execa('promtool', ['--version'], { reject: false }).then(
  (r) => r.exitCode === 0,
  () => false,
);

describe('tcpwatch rules --prometheus', async () => {
  const out = await runCli(['rules', '--prometheus']);
  const doc = parse(out.stdout) as { groups: Array<{ name: string; interval: string; rules: RuleDoc[] }> };
  const all = doc.groups.flatMap((g) => g.rules);
  const rules = all.filter((r) => r.alert !== undefined);
  const alert = (name: string) => rules.find((r) => r.alert === name);

  it('prints a rules file of the Prometheus schema: the recording rules, then one alert per rule and level', () => {
    expect(out.exitCode).toBe(0);
    expect(Object.keys(doc)).toEqual(['groups']);
    expect(doc.groups.map((g) => [g.name, g.interval])).toEqual([['tcpwatch', '2s']]);
    expect(all.slice(0, 2).map((r) => r.record)).toEqual(['tcpwatch:limit_usage:ratio', 'tcpwatch:close_wait_sockets']);
    expect(rules.length).toBeGreaterThanOrEqual(2 * RULE_NAMES.length);
    for (const r of rules) {
      expect(Object.keys(r).every((k) => ['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].includes(k))).toBe(true);
      expect(r.alert).toMatch(/^Tcpwatch[a-zA-Z]+$/);
      expect(r.keep_firing_for).toBe('4s');
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(RULE_NAMES).toContain(r.labels.rule);
      // no node_exporter name: a node_exporter scraped beside tcpwatch never doubles an alert
      expect(r.expr).not.toMatch(/\bnode_/);
      expect(r.annotations.summary?.length).toBeGreaterThan(10);
      expect(r.annotations.remedy?.length).toBeGreaterThan(10);
    }
    // warning and critical are separate alerts, so Alertmanager can inhibit one with the other
    for (const name of RULE_NAMES) {
      expect([...new Set(rules.filter((r) => r.labels.rule === name).map((r) => r.labels.severity))].sort()).toEqual(['critical', 'warning']);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('confirms over the built-in samples x the interval, with the built-in hysteresis, at the built-in thresholds', () => {
    const d = defaultRulesConfig();
    const crit = alert('TcpwatchTimeWaitBucketsCritical');
    expect(crit?.for).toBe(`${d.samples * 2}s`);
    const ratio = 'tcpwatch:limit_usage:ratio{rule="tw_buckets"}';
    expect(crit?.expr).toBe(
      `${ratio} >= ${d.tw_buckets.critical / 100} or (${ratio} >= ${(d.tw_buckets.critical / 100) * (1 - d.hysteresis / 100)} and ignoring(alertname, alertstate, severity, rule) ALERTS{alertname="TcpwatchTimeWaitBucketsCritical"})`,
    );
    expect(alert('TcpwatchTimeWaitBucketsWarning')?.expr).toContain(`${ratio} >= ${d.tw_buckets.warning / 100} or`);
    expect(alert('TcpwatchOrphansCritical')?.expr).toContain(`>= ${d.orphans.critical / 100} or`);
    // the kernel already refused sockets: at once, as the built-in finding is immediate
    expect(alert('TcpwatchTimeWaitOverflow')?.for).toBeUndefined();
    expect(alert('TcpwatchTimeWaitOverflow')?.expr).toBe('idelta(tcpwatch_tcpext_time_wait_overflow_total[6s]) > 0');
    // a listen drop rate's warning 0 is any drop: no hysteresis band below 0
    expect(alert('TcpwatchListenOverflowWarning')?.expr).toBe('irate(tcpwatch_tcpext_listen_drops_total[6s]) > 0');
    expect(alert('TcpwatchEphemeralPortsCritical')?.expr).toContain('tcpwatch:limit_usage:ratio{rule="port_exhaustion",subject!="all destinations"}');
    expect(alert('TcpwatchEphemeralPortsHostCritical')?.expr).toContain('tcpwatch:limit_usage:ratio{rule="port_exhaustion",subject="all destinations"}');
    expect(alert('TcpwatchCloseWaitGrowing')?.expr).toContain(`min_over_time(tcpwatch:close_wait_sockets[${d.close_wait_leak.window_s}s]) >= ${d.close_wait_leak.growth}`);
  });

  it('follows --set, --config and the interval, as the built-in rules do', async () => {
    const r = await runCli(['rules', '--prometheus', '--set', 'tw_buckets.warning=70', '--set', 'close_wait_leak.window=20m', '--set', 'samples=3', '--set', 'prometheus.interval=15s']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('"tcpwatch:limit_usage:ratio{rule=\\"tw_buckets\\"} >= 0.7 or');
    expect(r.stdout).toContain('[1200s]');
    expect(r.stdout).toContain('    interval: 15s\n');
    expect(r.stdout).toContain('        for: 45s\n');
    expect(r.stdout).toContain('irate(tcpwatch_tcpext_listen_drops_total[45s])');
    // without prometheus.interval, tcpwatch's own --interval
    const own = await runCli(['rules', '--prometheus', '--interval', '5s']);
    expect(own.stdout).toContain('        for: 10s\n');
    const bad = await runCli(['rules', '--prometheus', '--set', 'tw_buckets.warning=170']);
    expect(bad.exitCode).toBe(2);
    const badInterval = await runCli(['rules', '--prometheus', '--set', 'prometheus.interval=0s']);
    expect(badInterval.exitCode).toBe(2);
  });

  it('without --prometheus, rules still lists the thresholds (not YAML rules)', async () => {
    const r = await runCli(['rules']);
    expect(r.stdout).not.toContain('groups:');
    expect(r.stdout).toContain('prometheus.interval = the --interval');
  });

  it('keeps every label it does not name, so serve --all-netns alerts once per namespace (no by(), no without(netns))', () => {
    const aggregations = all.flatMap((r) => [...r.expr.matchAll(/\b(sum|max|min|avg|count|topk)\s*(by|without)?\s*\(([^)]*)\)/g)].map((m) => [m[2], m[3]]));
    expect(aggregations.length).toBeGreaterThan(0);
    for (const [kind, labels] of aggregations) {
      expect(kind).toBe('without');
      expect(labels?.split(',').map((l) => l.trim())).not.toContain('netns');
    }
    // an annotation's queries narrow to the alert's own namespace, and its summary names it
    const crit = alert('TcpwatchTimeWaitBucketsCritical');
    expect(crit?.annotations.summary).toContain('netns=%q');
    expect(crit?.annotations.summary).toContain('{{ with $labels.netns }} netns {{ . }}{{ end }}');
  });

  it('refers only to metric names the exporter serves and the names it records', async () => {
    const sample = await sampleLinux({ procRoot: PROC });
    // the capture has no conntrack and no tcp_max_orphans (a netns): add them to see their names
    const full = { ...sample, limits: { ...sample.limits, nf_conntrack_count: 1, nf_conntrack_max: 2, tcp_max_orphans: 3 } };
    const text = renderMetrics({ sample: full, alerts: [], ageSeconds: 0, sources: [], top: 10 });
    const served = new Set([
      ...text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
      ...all.flatMap((r) => (r.record ? [r.record] : [])),
      'ALERTS',
    ]);
    const functions = new Set(['irate', 'idelta', 'min_over_time', 'max_over_time', 'sum', 'without', 'and', 'or', 'ignoring', 'alertname', 'alertstate', 'severity', 'rule', 'family', 'state']);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) {
      const names = (
        r.expr
          .replace(/\{[^}]*\}/g, '')
          .replace(/\[[^\]]*\]/g, '')
          .match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []
      ).filter((n) => !functions.has(n));
      expect(names.length, r.alert ?? r.record).toBeGreaterThan(0);
      for (const n of names) expect(served, `${r.alert ?? r.record}: ${n}`).toContain(n);
    }
  });

  it.skipIf(!promtool)('passes promtool check rules (needs promtool: Debian package prometheus)', async () => {
    const file = join(dir, 'rules.yml');
    writeFileSync(file, out.stdout);
    const r = await execa('promtool', ['check', 'rules', file], { reject: false });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!promtool)('fires, holds through dips at the limit and clears as the built-in rules do (promtool test rules, fixtures/prometheus)', async () => {
    copyFileSync(PROM_TESTS, join(dir, 'tcpwatch.test.yml'));
    writeFileSync(join(dir, 'rules.yml'), out.stdout);
    const r = await execa('promtool', ['test', 'rules', 'tcpwatch.test.yml'], { cwd: dir, reject: false });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!promtool)('without the hysteresis, the dips at the limit keep restarting `for` (what the fixture guards against)', async () => {
    copyFileSync(PROM_TESTS, join(dir, 'tcpwatch.test.yml'));
    writeFileSync(join(dir, 'rules.yml'), (await runCli(['rules', '--prometheus', '--set', 'hysteresis=0'])).stdout);
    const r = await execa('promtool', ['test', 'rules', 'tcpwatch.test.yml'], { cwd: dir, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/alertname: TcpwatchTimeWaitBucketsCritical, time: 8s,[\s\S]*got:\[\]/);
  });
});
