import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertHook } from '../src/alert-hook.js';
import { RULE_NAMES, type RuleName } from '../src/rules/catalogue.js';
import type { Alert } from '../src/types.js';

const RECORD = fileURLToPath(new URL('./helpers/record-hook.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-hook-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const alert = (rule: Alert['rule'], level: Alert['level'] = 'critical'): Alert => ({
  rule,
  level,
  value: 96,
  limit: 100,
  since: Date.UTC(2026, 10, 23, 10, 0, 0),
  message: `${rule} message`,
  remedy: 'do this',
  subject: '127.0.0.1 -> 127.0.0.1:8080',
});

function records(file: string): { stdin: string; env: Record<string, string>; args: string[] }[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { stdin: string; env: Record<string, string>; args: string[] });
}

describe('--on-alert runs a real command per event', () => {
  it('the event as JSON on stdin, the rule in the environment, argv as given (no shell)', async () => {
    const out = join(tmp, 'events.jsonl');
    const logs: string[] = [];
    const hook = new AlertHook(['node', RECORD, out, '$HOME', 'a b'], 5000, (m) => logs.push(m), 'proxy-1');
    hook.fire('raised', alert('port_exhaustion'));
    // fire() only queues: nothing has run yet
    expect(existsSync(out)).toBe(false);
    hook.fire('cleared', { ...alert('port_exhaustion', 'ok'), previous: 'critical' });
    await hook.idle();
    expect(logs).toEqual([]);
    const [raised, cleared] = records(out);
    expect(raised?.args).toEqual(['$HOME', 'a b']);
    expect(raised?.env).toEqual({ TCPWATCH_EVENT: 'raised', TCPWATCH_RULE: 'port_exhaustion', TCPWATCH_LEVEL: 'critical' });
    const doc = JSON.parse(raised?.stdin ?? '') as { event: string; host: string; time: string; alert: Record<string, unknown> };
    expect(doc).toMatchObject({ event: 'raised', host: 'proxy-1' });
    expect(doc.alert).toEqual({
      rule: 'port_exhaustion',
      level: 'critical',
      value: 96,
      limit: 100,
      since: '2026-11-23T10:00:00.000Z',
      subject: '127.0.0.1 -> 127.0.0.1:8080',
      message: 'port_exhaustion message',
      remedy: 'do this',
    });
    expect(JSON.parse(cleared?.stdin ?? '')).toMatchObject({ event: 'cleared', alert: { level: 'ok', previous: 'critical' } });
  });

  it('runs one at a time, in order', async () => {
    const out = join(tmp, 'order.jsonl');
    const hook = new AlertHook(['node', RECORD, out], 5000, () => {}, 'h');
    const rules = ['tw_buckets', 'port_exhaustion', 'close_wait_leak', 'orphans'] as const;
    for (const r of rules) hook.fire('raised', alert(r));
    await hook.idle();
    expect(records(out).map((x) => x.env.TCPWATCH_RULE)).toEqual(rules);
  });

  it('a hung command is killed at the timeout and logged; the next still runs', async () => {
    const out = join(tmp, 'after-hang.jsonl');
    const logs: string[] = [];
    const hang = new AlertHook(['node', '-e', 'setInterval(() => {}, 1000)'], 300, (m) => logs.push(m), 'h');
    hang.fire('raised', alert('tw_buckets'));
    await hang.idle();
    expect(logs).toEqual([expect.stringMatching(/^on-alert node \(raised tw_buckets\) failed: timed out after 300 ms/)]);
    const ok = new AlertHook(['node', RECORD, out], 5000, () => {}, 'h');
    ok.fire('raised', alert('orphans'));
    await ok.idle();
    expect(records(out)).toHaveLength(1);
  });

  it('a failing or missing command is logged, never thrown', async () => {
    const logs: string[] = [];
    const fail = new AlertHook(['node', '-e', 'console.error("no pager configured"); process.exit(3)'], 5000, (m) => logs.push(m), 'h');
    fail.fire('raised', alert('close_wait_leak'));
    await fail.idle();
    const missing = new AlertHook([join(tmp, 'no-such-command')], 5000, (m) => logs.push(m), 'h');
    missing.fire('raised', alert('close_wait_leak'));
    await missing.idle();
    expect(logs[0]).toBe('on-alert node (raised close_wait_leak) failed: exit status 3: no pager configured');
    expect(logs[1]).toMatch(/^on-alert .*no-such-command \(raised close_wait_leak\) failed: .*ENOENT/);
  });

  it('runs waiting are bounded: beyond 32 the event is dropped and said so', async () => {
    const logs: string[] = [];
    const hook = new AlertHook(['node', '-e', ''], 5000, (m) => logs.push(m), 'h');
    // the rules in turn, so the log names which events were dropped: the 33rd and the 34th
    for (let i = 0; i < 34; i++) hook.fire('raised', alert(RULE_NAMES[i % RULE_NAMES.length] as RuleName));
    expect(logs).toEqual([`on-alert: 32 runs already waiting, dropped the raised ${RULE_NAMES[32 % RULE_NAMES.length]} event`, `on-alert: 32 runs already waiting, dropped the raised ${RULE_NAMES[33 % RULE_NAMES.length]} event`]);
    await hook.idle();
  }, 60_000);
});
