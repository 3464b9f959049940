import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';

const RECORD = fileURLToPath(new URL('../helpers/record-hook.mjs', import.meta.url));
const TW = 'fixtures/linux/alerts-tw/proc';
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-live-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the live line mode (stdout is a pipe, not a TTY) until `done(stdout)` holds, then SIGINT. */
async function live(args: string[], done: (stdout: string) => boolean) {
  const child = execa('node', [CLI, ...args], { cwd: ROOT, reject: false, timeout: 20_000 });
  let stdout = '';
  let stopped = false;
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    // once: a second interrupt ends the monitor at once (the default action), like a second Ctrl-C
    if (!stopped && done(stdout)) {
      stopped = true;
      child.kill('SIGINT');
    }
  });
  const r = await child;
  return { stdout, stderr: String(r.stderr), exitCode: r.exitCode };
}

describe('alerts in the live line mode (non-TTY)', () => {
  it('a level is raised after two consecutive samples, as its own line, and the hook gets it', async () => {
    const out = join(tmp, 'hook.jsonl');
    const r = await live(['--interval', '200ms', '--proc-root', TW, '--on-alert', 'node', RECORD, out, '--'], (s) => s.split('\n').length > 6);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ`;
    // header, the first sample (a level not yet confirmed), the event, then the samples with it
    expect(lines[0]).toMatch(/^time +estab +synsent/);
    expect(lines[1]).toMatch(new RegExp(`^${TIME} +0 +0 +0 +0 +0 +100 +0 +0 +0 +1 +0 +101 +100$`));
    expect(lines[2]).toMatch(new RegExp(`^${TIME} CRITICAL tw_buckets: 100 timewait sockets of tcp_max_tw_buckets 100 \\(100\\.0%\\)`));
    // a steady level: no second event, every later sample line shows it
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines.slice(3)) expect(l).toMatch(new RegExp(`^${TIME} +0 .* 100 +(states \\d+s old +)?CRITICAL tw_buckets: 100 timewait`));
    expect(existsSync(out)).toBe(true);
    const runs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { stdin: string });
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]?.stdin ?? '')).toMatchObject({ event: 'raised', alert: { rule: 'tw_buckets', level: 'critical', value: 100, limit: 100 } });
  });

  it('--json: one document per tick, with the alerts in force', async () => {
    const r = await live(['--json', '--interval', '200ms', '--proc-root', TW], (s) => s.split('\n').length > 3);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { alerts: { rule: string; level: string }[] });
    expect(docs[0]?.alerts).toEqual([]);
    expect(docs[1]?.alerts).toMatchObject([{ rule: 'tw_buckets', level: 'critical' }]);
  });

  it('a hook that fails is logged on stderr and the monitor goes on', async () => {
    const r = await live(['--interval', '200ms', '--proc-root', TW, '--on-alert', 'node', '-e', 'process.exit(4)'], (s) => s.split('\n').length > 6);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^tcpwatch: on-alert node \(raised tw_buckets\) failed: exit status 4$/m);
  });
});

describe('alerts in the TUI (a real pseudo-terminal)', () => {
  it('a failing hook never writes over the screen: the TUI shows it in its footer, and prints it once the terminal is restored', async () => {
    const { PtySession } = await import('../helpers/pty.js');
    const stderr = join(tmp, 'tui-stderr');
    const s = new PtySession(['--interval', '300ms', '--proc-root', join(ROOT, TW), '--on-alert', 'node', '-e', 'process.exit(4)', '--'], { cols: 100, rows: 30, stderrFile: stderr });
    try {
      await s.started();
      await s.until('the alert', () => s.screen().includes('CRITICAL') && s.screen().includes('tw_buckets'));
      // drawn by the TUI in its footer (row 30), not written raw over the screen
      await s.until('the footer notice', () => (s.lines()[29] ?? '').startsWith('on-alert node (raised tw_buckets) failed: exit status 4'));
      expect(s.lines().filter((l) => l.includes('on-alert'))).toHaveLength(1);
      s.press('q');
      const end = await s.ended();
      expect(end.code).toBe('0');
      expect(readFileSync(stderr, 'utf8')).toBe('tcpwatch: on-alert node (raised tw_buckets) failed: exit status 4\n');
    } finally {
      s.kill();
    }
  }, 30_000);
});
