import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The built CLI (npm test builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real tcpwatch binary; never throws on a non-zero exit. */
export async function runCli(args: string[], opts: Options = {}) {
  const r = await execa('node', [CLI, ...args], { reject: false, timeout: 20_000, cwd: ROOT, ...opts });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

/** An expected failure as the CLI must end with it: this one line on stderr, no stack trace, this exit status. */
export function expectOneLine(r: { stderr: string; exitCode: number }, status: number, line: RegExp): void {
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
  expect(r.exitCode).toBe(status);
}
