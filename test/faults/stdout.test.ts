// Standard output failing under each command that prints: a reader that went away (EPIPE) ends
// quietly with 141, a full device (/dev/full: ENOSPC) with one line and status 1 (check: 3,
// UNKNOWN); never a stack trace.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers/cli.js';

const PROC = 'fixtures/linux/states/proc';
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-stdout-'));
const recording = join(tmp, 'rec.jsonl');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  expect((await runCli(['--once', '--proc-root', PROC, '--record', recording])).exitCode).toBe(0);
});

/** Each command that prints, and whether it runs until stopped. */
const COMMANDS: Array<[string, string[]]> = [
  ['--once', ['--once', '--proc-root', PROC]],
  ['--once --json', ['--once', '--json', '--proc-root', PROC]],
  ['the line mode', ['--interval', '100ms', '--proc-root', PROC]],
  ['the line mode --json', ['--json', '--interval', '100ms', '--proc-root', PROC]],
  ['analyze', ['analyze', 'fixtures/linux/states/ss-tan.txt']],
  ['advise', ['advise', '--proc-root', PROC]],
  ['rules', ['rules']],
  ['check', ['check', '--check-window', '0', '--proc-root', PROC]],
  ['replay --once', ['replay', '--once', recording]],
];

/** Runs the CLI with stdout into `stdout` (a file descriptor, or 'closed': a pipe whose read end is closed at once). */
async function runInto(args: string[], stdout: number | 'closed') {
  const child = spawn('node', [CLI, ...args], { cwd: ROOT, stdio: ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'] });
  if (stdout === 'closed') child.stdout?.destroy();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(killer);
  return { code, signal, stderr };
}

describe('stdout fails', () => {
  it.each(COMMANDS)('%s into a closed pipe: no output on stderr, status 141', async (_name, args) => {
    const r = await runInto(args, 'closed');
    expect(r.stderr).toBe('');
    expect([r.code, r.signal]).toEqual([141, null]);
  });

  it.skipIf(!existsSync('/dev/full')).each(COMMANDS)('%s into /dev/full: one line saying so, status 1 (check: 3), no stack trace', async (name, args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runInto(args, full);
      expect(r.stderr).toBe('tcpwatch: cannot write to standard output: ENOSPC: no space left on device, write\n');
      expect([r.code, r.signal]).toEqual([name === 'check' ? 3 : 1, null]);
    } finally {
      closeSync(full);
    }
  });
});
