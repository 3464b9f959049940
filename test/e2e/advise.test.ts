import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const tree = (name: string) => `fixtures/linux/${name}/proc`;

interface AdviceJson {
  kernel: string | null;
  alerts: { rule: string; subject?: string; remedy: string }[];
  settings: { name: string; value: string; verdict: string; text: string; source: string }[];
  time_wait: { text: string; source: string }[];
  remedies: { name: string; text: string; source: string }[];
  myths: { name: string; claim: string; truth: string; source: string; in_force: boolean; current: string | null }[];
}

async function adviceJson(name: string): Promise<AdviceJson> {
  const r = await runCli(['advise', '--json', '--proc-root', tree(name)]);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as AdviceJson;
}

const FIXTURES = ['states', 'alerts-tw', 'alerts-ports', 'alerts-close-wait', 'alerts-myths'];

describe('tcpwatch advise', () => {
  it.each(['alerts-myths', 'alerts-ports'])('%s (golden text, wrapped at 100 columns)', async (name) => {
    const r = await runCli(['advise', '--proc-root', tree(name)]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expectGolden(`advise-${name}.txt`, r.stdout);
  });

  it('the popular "TIME_WAIT tuning" in force is called out next to its value', async () => {
    const a = await adviceJson('alerts-myths');
    expect(a.kernel).toBe('6.18.44-fc-v669');
    const v = Object.fromEntries(a.settings.map((s) => [s.name, s]));
    expect(v['net.ipv4.tcp_fin_timeout']).toMatchObject({ value: '30', verdict: 'myth' });
    expect(v['net.ipv4.tcp_fin_timeout']?.text).toMatch(/only limits orphaned FIN_WAIT2 sockets; TIME_WAIT is still 60 s/);
    expect(v['net.ipv4.tcp_max_tw_buckets']).toMatchObject({ value: '5000', verdict: 'myth' });
    expect(v['net.ipv4.tcp_max_tw_buckets']?.text).toMatch(/skips TIME_WAIT/);
    expect(v['net.ipv4.ip_local_port_range']).toMatchObject({ value: '1024 65000', verdict: 'myth' });
    expect(v['net.ipv4.ip_local_port_range']?.text).toMatch(/same parity.*service ports 1080, 1433, 3306, 5432/);
    // reuse is on, but with timestamps off it cannot work: said, not praised
    expect(v['net.ipv4.tcp_tw_reuse']).toMatchObject({ value: '1', verdict: 'change' });
    expect(v['net.ipv4.tcp_tw_reuse']?.text).toMatch(/tcp_timestamps=0: reuse needs timestamps/);
    expect(v['net.ipv4.tcp_timestamps']).toMatchObject({ value: '0', verdict: 'change' });
    // 6.18 has no tcp_tw_recycle: its removal is stated, never a value to set
    expect(v['net.ipv4.tcp_tw_recycle']).toMatchObject({ value: 'absent', verdict: 'ok' });
    const inForce = a.myths.filter((m) => m.in_force).map((m) => m.name);
    expect(inForce).toEqual(['tcp_fin_timeout', 'tcp_max_tw_buckets', 'ip_local_port_range']);
  });

  it('defaults are not called myths', async () => {
    const a = await adviceJson('states');
    expect(a.settings.filter((s) => s.verdict === 'myth')).toEqual([]);
    expect(a.myths.filter((m) => m.in_force)).toEqual([]);
  });

  it('advice for an alert is specific to it: the destination and its numbers', async () => {
    const r = await runCli(['advise', '--proc-root', tree('alerts-ports')]);
    expect(r.stdout).toMatch(/^NOW\n {2}CRITICAL port_exhaustion: 127\.0\.0\.1 -> 127\.0\.0\.1:8080: 96 of 100 ports/);
    expect(r.stdout).toMatch(/fix: Toward 127\.0\.0\.1:8080 from 127\.0\.0\.1: 100 ports/);
  });

  it.each(FIXTURES)('%s: every statement has a source, and none recommends a myth', async (name) => {
    const a = await adviceJson(name);
    const statements = [...a.settings, ...a.time_wait, ...a.remedies, ...a.myths];
    expect(statements.length).toBeGreaterThan(0);
    for (const x of statements) expect(x.source).toMatch(/\w{3}/);
    const advice = [...a.settings.map((s) => s.text), ...a.remedies.map((r) => r.text), ...a.alerts.map((x) => x.remedy), ...a.myths.map((m) => m.truth)].join('\n');
    expect(advice).not.toMatch(/tcp_tw_recycle\s*=\s*1|enable tcp_tw_recycle/i);
    expect(advice).not.toMatch(/(lower|reduce|decrease) (net\.ipv4\.)?tcp_max_tw_buckets/i);
    expect(advice).not.toMatch(/tcp_fin_timeout[^.]*(shortens|reduces|cuts) TIME_WAIT/i);
  });
});
