import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectGolden, normalize } from '../helpers/golden.js';

const tree = (name: string) => `fixtures/linux/${name}/proc`;
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('tcpwatch check over captured scenario trees (golden)', () => {
  it.each([
    ['states', 0, /^TCPWATCH OK - 13 established, 7 timewait of 131,072, 3 close_wait, no limit near \| tw=7;104858;124519;0;131072 /],
    ['alerts-tw', 2, /^TCPWATCH CRITICAL - tw_buckets: 100 timewait sockets of tcp_max_tw_buckets 100 \(100\.0%\)/],
    ['alerts-ports', 2, /^TCPWATCH CRITICAL - port_exhaustion: 127\.0\.0\.1 -> 127\.0\.0\.1:8080: 96 of 100 ports \(96\.0%\)/],
    ['alerts-close-wait', 1, /^TCPWATCH WARNING - close_wait_leak: 120 CLOSE_WAIT sockets: 120 on 127\.0\.0\.1:\d+ \|/],
    ['alerts-myths', 0, /^TCPWATCH OK - 10 established, 5 timewait of 5,000/],
  ] as const)('%s: exit %i', async (name, code, status) => {
    const r = await runCli(['check', '--check-window', '0', '--proc-root', tree(name)]);
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(status);
    // one status line; the alert lines after it repeat what fired, worst first
    expect(r.stdout.split('\n')[0]).toMatch(/ \| .*state_listen=\d+ state_closing=\d+$/);
    expectGolden(`check-${name}.txt`, r.stdout);
  });

  it('thresholds from --set and --config change the verdict', async () => {
    const lenient = await runCli(['check', '--check-window', '0', '--proc-root', tree('alerts-ports'), '--set', 'port_exhaustion.critical=99']);
    expect(lenient.exitCode).toBe(1);
    expect(lenient.stdout).toMatch(/^TCPWATCH WARNING - port_exhaustion: .* ports_busiest_destination=96;80;99;0;100 /);
    const cfg = configFile('strict.json', JSON.stringify({ close_wait_leak: { warning: 10, critical: 50 } }));
    const strict = await runCli(['check', '--check-window', '0', '--proc-root', tree('alerts-close-wait'), '--config', cfg]);
    expect(strict.exitCode).toBe(2);
    expect(strict.stdout).toMatch(/ close_wait=120;10;50;0 /);
    // --set comes after the file
    const both = await runCli(['check', '--check-window', '0', '--proc-root', tree('alerts-close-wait'), '--config', cfg, '--set', 'close_wait_leak.critical=500']);
    expect(both.exitCode).toBe(1);
  });

  it('the default window takes a second sample (a static tree: no counter increase, same verdict)', async () => {
    const r = await runCli(['check', '--proc-root', tree('alerts-ports')]);
    expect(r.exitCode).toBe(2);
  });

  it.each([
    [['--proc-root', '/nonexistent'], /^TCPWATCH UNKNOWN - cannot read the TCP table: \/nonexistent\/net\/tcp: not found/],
    [['--bogus'], /^TCPWATCH UNKNOWN - unknown option --bogus/],
    [['--set', 'tw_buckets.warning=120'], /^TCPWATCH UNKNOWN - --set tw_buckets\.warning: expected a percentage from 0 to 100, got "120"/],
  ])('UNKNOWN (3) when it cannot look: %j', async (args, line) => {
    const r = await runCli(['check', '--check-window', '0', ...args]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(line);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('UNKNOWN rather than OK when the limits cannot be read', async () => {
    const root = join(tmp, 'blind');
    const { cpSync } = await import('node:fs');
    cpSync(tree('states'), root, { recursive: true });
    rmSync(join(root, 'sys'), { recursive: true });
    const r = await runCli(['check', '--check-window', '0', '--proc-root', root]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/^TCPWATCH UNKNOWN - cannot judge without tcp_max_tw_buckets and ip_local_port_range \(.*blind\/sys\/net\/ipv4\/\w+: not found; \+\d+ more\) \| tw=7 /);
  });
});

describe('config files: clear errors naming the key', () => {
  it.each([
    ['unknown key', '{"tw_buckets": {"warnign": 70}}', /config .*: unknown key "tw_buckets\.warnign" \(known: samples, hysteresis, prometheus\.interval, tw_buckets\.warning/],
    ['bad value', '{"port_exhaustion": {"critical": "lots"}}', /config .*: port_exhaustion\.critical: expected a number, got "lots"/],
    ['out of range', '{"orphans": {"warning": 250}}', /orphans\.warning: expected a percentage from 0 to 100, got 250/],
    ['warning above critical', '{"conntrack": {"warning": 99}}', /conntrack\.warning \(99\) is above conntrack\.critical \(95\)/],
    ['not JSON', 'tw_buckets.warning = 70', /config .*: not valid JSON/],
    ['bad hook', '{"on_alert": "logger -t tcpwatch"}', /on_alert: expected a command as an array of strings/],
    ['top level', '[1]', /expected a JSON object at the top level/],
  ])('%s', async (_name, text, message) => {
    const r = await runCli(['--once', '--proc-root', tree('states'), '--config', configFile('bad.json', text)]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a clear message, no stack trace
  });

  it('a missing file is said as such', async () => {
    const r = await runCli(['--once', '--proc-root', tree('states'), '--config', join(tmp, 'nope.json')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/config .*nope\.json.*not found/);
  });

  it('the sample config is valid and equals the defaults (tcpwatch rules)', async () => {
    const withSample = await runCli(['rules', '--config', 'fixtures/config/tcpwatch.sample.json']);
    const defaults = await runCli(['rules']);
    expect(withSample.exitCode).toBe(0);
    expect(withSample.stdout).toBe(defaults.stdout);
    expectGolden('rules.txt', defaults.stdout);
    const json = JSON.parse((await runCli(['rules', '--json', '--config', 'fixtures/config/tcpwatch.sample.json'])).stdout) as { on_alert: string[] };
    expect(json.on_alert).toEqual(['logger', '-t', 'tcpwatch']);
  });
});

describe('alerts in --once and --json', () => {
  it('the table has an ALERTS section with the remedy (golden)', async () => {
    const r = await runCli(['--once', '--proc-root', tree('alerts-ports')]);
    expect(r.exitCode).toBe(0);
    expectGolden('once-alerts-ports.txt', normalize(r.stdout));
  });

  it('the JSON alerts array has the documented keys', async () => {
    const r = await runCli(['--once', '--json', '--proc-root', tree('alerts-tw')]);
    const doc = JSON.parse(r.stdout) as { alerts: Record<string, unknown>[] };
    expect(doc.alerts).toEqual([
      {
        rule: 'tw_buckets',
        level: 'critical',
        value: 100,
        limit: 100,
        since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        message: 'timewait sockets of tcp_max_tw_buckets 100 (100.0%); past it the kernel skips TIME_WAIT'.replace(/^/, '100 '),
        remedy: expect.stringContaining('never lower it') as unknown,
      },
    ]);
  });
});
