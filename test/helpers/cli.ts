import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real tcpwatch binary; never throws on a non-zero exit. */
export async function runCli(args: string[], opts: Options = {}) {
  const r = await execa('node', [CLI, ...args], { reject: false, timeout: 20_000, cwd: ROOT, ...opts });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}
