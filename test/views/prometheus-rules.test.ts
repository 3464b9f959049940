import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULE_NAMES } from '../../src/rules/catalogue.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { sampleLinux } from '../../src/source/linux.js';
import { renderMetrics } from '../../src/views/prometheus.js';
import { renderPromRules } from '../../src/views/prometheus-rules.js';
import { runCli } from '../helpers/cli.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RuleDoc {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const promtool = await execa('promtool', ['--version'], { reject: false }).then(
  (r) => r.exitCode === 0,
  () => false,
);

describe('tcpwatch rules --prometheus', async () => {
  const out = await runCli(['rules', '--prometheus']);
  const doc = parse(out.stdout) as { groups: Array<{ name: string; rules: RuleDoc[] }> };
  const rules = doc.groups.flatMap((g) => g.rules);

  it('prints a rules file of the Prometheus schema, one alert per rule and severity', () => {
    expect(out.exitCode).toBe(0);
    expect(Object.keys(doc)).toEqual(['groups']);
    expect(doc.groups.map((g) => g.name)).toEqual(['tcpwatch']);
    expect(RULE_NAMES.length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThanOrEqual(2 * RULE_NAMES.length);
    for (const r of rules) {
      expect(Object.keys(r).every((k) => ['alert', 'expr', 'for', 'labels', 'annotations'].includes(k))).toBe(true);
      expect(r.alert).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      expect(typeof r.expr).toBe('string');
      if (r.for !== undefined) expect(r.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(RULE_NAMES).toContain(r.labels.rule);
      expect(r.annotations.summary?.length).toBeGreaterThan(10);
      expect(r.annotations.remedy?.length).toBeGreaterThan(10);
    }
    // every built-in rule has a counterpart, with both levels
    for (const name of RULE_NAMES) {
      expect([...new Set(rules.filter((r) => r.labels.rule === name).map((r) => r.labels.severity))].sort()).toEqual(['critical', 'warning']);
    }
  });

  it("uses the built-in rules' thresholds (percent there, fractions in PromQL)", () => {
    const d = defaultRulesConfig();
    const tw = rules.filter((r) => r.alert === 'TcpwatchTimeWaitBuckets');
    expect(tw.map((r) => r.expr)).toEqual([
      `node_sockstat_TCP_tw / node_sysctl_net_ipv4_tcp_max_tw_buckets >= ${d.tw_buckets.warning / 100}`,
      `node_sockstat_TCP_tw / node_sysctl_net_ipv4_tcp_max_tw_buckets >= ${d.tw_buckets.critical / 100}`,
    ]);
    expect(rules.find((r) => r.alert === 'TcpwatchOrphans' && r.labels.severity === 'critical')?.expr).toContain(`>= ${d.orphans.critical / 100}`);
    expect(rules.find((r) => r.alert === 'TcpwatchCloseWaitGrowing')?.expr).toBe(`delta(node_tcp_connection_states{state="close_wait"}[${d.close_wait_leak.window_s}s]) >= ${d.close_wait_leak.growth}`);
  });

  it('follows --set and --config, as the built-in rules do', async () => {
    const r = await runCli(['rules', '--prometheus', '--set', 'tw_buckets.warning=70', '--set', 'close_wait_leak.window=20m']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('"node_sockstat_TCP_tw / node_sysctl_net_ipv4_tcp_max_tw_buckets >= 0.7"');
    expect(r.stdout).toContain('[1200s]');
    const bad = await runCli(['rules', '--prometheus', '--set', 'tw_buckets.warning=170']);
    expect(bad.exitCode).toBe(2);
  });

  it('without --prometheus, rules still lists the thresholds (not YAML rules)', async () => {
    const r = await runCli(['rules']);
    expect(r.stdout).not.toContain('groups:');
  });

  it('refers only to metric names the exporter serves', async () => {
    const sample = await sampleLinux({ procRoot: PROC });
    // the capture has no conntrack and no tcp_max_orphans (a netns): add them to see their names
    const full = { ...sample, limits: { ...sample.limits, nf_conntrack_count: 1, nf_conntrack_max: 2, tcp_max_orphans: 3 } };
    const text = renderMetrics({ sample: full, alerts: [], ageSeconds: 0, sources: [], top: 10 });
    const served = new Set(
      text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
    );
    const functions = new Set(['increase', 'rate', 'delta', 'and', 'ignoring', 'group_left', 'on']);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      const names = (
        r.expr
          .replace(/\{[^}]*\}/g, '')
          .replace(/\[[^\]]*\]/g, '')
          .match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []
      ).filter((n) => !functions.has(n) && !['local', 'remote', 'state'].includes(n));
      expect(names.length, r.alert).toBeGreaterThan(0);
      for (const n of names) expect(served, `${r.alert}: ${n}`).toContain(n);
    }
  });

  it.skipIf(!promtool)('passes promtool check rules (needs promtool: Debian package prometheus)', async () => {
    const file = join(dir, 'rules.yml');
    writeFileSync(file, renderPromRules());
    const r = await execa('promtool', ['check', 'rules', file], { reject: false });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!promtool)('fires as the built-in rules would on example series (promtool test rules)', async () => {
    writeFileSync(join(dir, 'rules.yml'), renderPromRules());
    const inst = 'instance="proxy-1:9929",job="tcpwatch"';
    const tests = `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'node_sockstat_TCP_tw{${inst}}'
        values: '850x10'
      - series: 'node_sysctl_net_ipv4_tcp_max_tw_buckets{${inst}}'
        values: '1000x10'
      - series: 'tcpwatch_tcpext_time_wait_overflow_total{${inst}}'
        values: '0 0 0 5 5 5 5 5 5 5 5'
      - series: 'tcpwatch_destination_ports_in_use{${inst},local="10.0.0.5",remote="10.0.0.9:8080"}'
        values: '27000x10'
      - series: 'tcpwatch_destination_ports_in_use{${inst},local="10.0.0.5",remote="10.0.0.7:443"}'
        values: '100x10'
      - series: 'tcpwatch_ephemeral_ports{${inst}}'
        values: '28232x10'
    alert_rule_test:
      - eval_time: 6m
        alertname: TcpwatchTimeWaitBuckets
        exp_alerts:
          - exp_labels: { severity: warning, rule: tw_buckets, instance: "proxy-1:9929", job: tcpwatch }
            exp_annotations:
              summary: "timewait sockets vs tcp_max_tw_buckets at 85% on proxy-1:9929 (warning from 80%)"
              remedy: ${JSON.stringify(rules.find((r) => r.labels.rule === 'tw_buckets')?.annotations.remedy)}
      - eval_time: 4m
        alertname: TcpwatchTimeWaitOverflow
        exp_alerts:
          - exp_labels: { severity: critical, rule: tw_buckets, instance: "proxy-1:9929", job: tcpwatch }
            exp_annotations:
              summary: "the kernel refused 5 TIME_WAIT sockets in 5m on proxy-1:9929: tcp_max_tw_buckets is full (TCPTimeWaitOverflow)"
              remedy: ${JSON.stringify(rules.find((r) => r.alert === 'TcpwatchTimeWaitOverflow')?.annotations.remedy)}
      - eval_time: 6m
        alertname: TcpwatchEphemeralPorts
        exp_alerts:
          - exp_labels: { severity: warning, rule: port_exhaustion, instance: "proxy-1:9929", job: tcpwatch, local: 10.0.0.5, remote: "10.0.0.9:8080" }
            exp_annotations:
              summary: "ephemeral ports in use toward 10.0.0.9:8080 from 10.0.0.5 at 95.64% on proxy-1:9929 (warning from 80%)"
              remedy: ${JSON.stringify(rules.find((r) => r.labels.rule === 'port_exhaustion')?.annotations.remedy)}
          - exp_labels: { severity: critical, rule: port_exhaustion, instance: "proxy-1:9929", job: tcpwatch, local: 10.0.0.5, remote: "10.0.0.9:8080" }
            exp_annotations:
              summary: "ephemeral ports in use toward 10.0.0.9:8080 from 10.0.0.5 at 95.64% on proxy-1:9929 (critical from 95%)"
              remedy: ${JSON.stringify(rules.find((r) => r.labels.rule === 'port_exhaustion')?.annotations.remedy)}
`;
    writeFileSync(join(dir, 'tests.yml'), tests);
    const r = await execa('promtool', ['test', 'rules', 'tests.yml'], { cwd: dir, reject: false });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.exitCode).toBe(0);
  });
});
