// --on-alert commands that misbehave, in the live line mode: one that floods stdout and stderr and
// exits non-zero, one that hangs past its timeout. Each failure is one stderr line (the first
// line of the command's stderr), the monitor goes on and the next event still runs.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertHook } from '../../src/alert-hook.js';
import type { Alert } from '../../src/types.js';
import { LiveCli } from '../helpers/live-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-hook-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const alert = (rule: Alert['rule']): Alert => ({ rule, level: 'critical', value: 96, limit: 100, since: Date.UTC(2026, 10, 23), message: 'm', remedy: 'r' });

// 64 MB on each of stdout and stderr, then status 5
const FLOOD = 'const b = Buffer.alloc(1 << 20, 0x79); b[0] = 0x21; for (let i = 0; i < 64; i++) { require("fs").writeSync(1, b); require("fs").writeSync(2, b); } process.exit(5)';

describe('misbehaving --on-alert commands', () => {
  it('a flood on stdout and stderr, then a non-zero exit: one line with the start of its stderr, kept short', async () => {
    const logs: string[] = [];
    const hook = new AlertHook(['node', '-e', FLOOD], 20_000, (m) => logs.push(m), 'h');
    hook.fire('raised', alert('tw_buckets'));
    const out = join(tmp, 'after.txt');
    const after = new AlertHook(['node', '-e', `require("fs").writeFileSync(${JSON.stringify(out)}, "ran")`], 5000, (m) => logs.push(m), 'h');
    await hook.idle();
    after.fire('cleared', alert('tw_buckets'));
    await after.idle();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^on-alert node \(raised tw_buckets\) failed: exit status 5: !y+$/);
    // the start of its first line, not 64 MB
    expect((logs[0] ?? '').length).toBeLessThan(300);
    expect(existsSync(out) && readFileSync(out, 'utf8')).toBe('ran');
  }, 30_000);

  it('in the line mode, a hook that hangs is killed at its timeout and told; sampling goes on', async () => {
    const cli = new LiveCli(['--interval', '100ms', '--proc-root', 'fixtures/linux/alerts-tw/proc', '--on-alert-timeout', '300ms', '--on-alert', 'sleep', '60']);
    try {
      await cli.until(() => /^tcpwatch: on-alert sleep \(raised tw_buckets\) failed: timed out after 300 ms$/m.test(cli.stderr));
      const n = cli.lines().length;
      await cli.until(() => cli.lines().length >= n + 3);
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
  });
});
