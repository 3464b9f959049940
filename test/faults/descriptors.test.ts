// Out of file descriptors (EMFILE): at start-up one line and status 1; later (the limit lowered
// under the running monitor with prlimit) a gap with the reason for each tick that cannot read,
// and no crash when the first alert then fires --on-alert (its runner is loaded before sampling).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { LiveCli } from '../helpers/live-cli.js';

const PROC = 'fixtures/linux/states/proc';
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-fds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let hasPrlimit = true;
try {
  execFileSync('prlimit', ['--version']);
} catch {
  hasPrlimit = false;
}

/**
 * Lowers the running CLI's soft descriptor limit to its lowest free descriptor plus `spare`: only
 * `spare` more can open. Returns what puts the limit back.
 */
function starve(cli: LiveCli, spare: number): () => void {
  const pid = String(cli.child.pid);
  const soft = execFileSync('prlimit', ['--pid', pid, '--nofile', '--output=SOFT', '--noheadings'], { encoding: 'utf8' }).trim();
  const open = new Set(readdirSync(`/proc/${pid}/fd`).map(Number));
  let free = 0;
  while (open.has(free)) free++;
  execFileSync('prlimit', ['--pid', pid, `--nofile=${free + spare}:`]);
  return () => execFileSync('prlimit', ['--pid', pid, `--nofile=${soft}:`]);
}

function noStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Node\.js v\d/);
}

describe('out of file descriptors', () => {
  it.each([
    ['--once', ['--once', '--proc-root', PROC]],
    ['the line mode', ['--interval', '100ms', '--proc-root', PROC]],
  ])('%s under ulimit -n 24: one line, status 1', async (_name, args) => {
    const cli = new LiveCli(args, { shell: 'ulimit -n 24' });
    const r = await cli.stop('SIGCONT');
    expect(cli.stderr).toMatch(/^tcpwatch: EMFILE: too many open files, open '[^']+'\n$/);
    expect(r).toEqual({ code: 1, signal: null });
  });

  it.skipIf(!hasPrlimit)('later, in the line mode: each tick that cannot read is a gap with the reason; sampling resumes when descriptors are back', async () => {
    const cli = new LiveCli(['--interval', '100ms', '--max-cpu', '100', '--proc-root', PROC]);
    try {
      await cli.until(() => cli.lines().length >= 3);
      const restore = starve(cli, 0);
      await cli.until(() => /Z no sample: cannot read the TCP table: .*net\/tcp: EMFILE: too many open files/.test(cli.stdout));
      const n = cli.lines().length;
      await cli.until(() => cli.lines().length >= n + 2);
      restore();
      const m = cli.lines().length;
      await cli.until(() =>
        cli
          .lines()
          .slice(m)
          .some((l) => /Z\s+13\s+2\s/.test(l)),
      );
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
    noStack(cli.stderr);
  });

  it.skipIf(!hasPrlimit)('later, with --on-alert: the first alert fires with one descriptor left, and the monitor goes on', async () => {
    // a copy of the tree whose TCP table the test swaps for one with 120 CLOSE_WAIT sockets
    const proc = join(tmp, 'proc');
    cpSync(join(ROOT, PROC), proc, { recursive: true });
    const cli = new LiveCli(['--interval', '100ms', '--max-cpu', '100', '--proc-root', proc, '--set', 'close_wait_leak.warning=5', '--on-alert', 'true']);
    try {
      await cli.until(() => cli.lines().length >= 3);
      // one descriptor: the table can be read (one file at a time), a module graph cannot be loaded
      const restore = starve(cli, 1);
      copyFileSync(join(ROOT, 'fixtures/linux/alerts-close-wait/proc/net/tcp'), join(proc, 'net/tcp'));
      await cli.until(() => /WARNING close_wait_leak: 120 CLOSE_WAIT sockets/.test(cli.stdout));
      // the hook's spawn is refused: told in one line, like any failed run
      await cli.until(() => /^tcpwatch: on-alert true \(raised close_wait_leak\) failed: spawn true EMFILE$/m.test(cli.stderr));
      const n = cli.lines().length;
      await cli.until(() => cli.lines().length >= n + 3);
      restore();
    } finally {
      expect(await cli.stop(), cli.stderr).toEqual({ code: 0, signal: null });
    }
    noStack(cli.stderr);
  });
});
