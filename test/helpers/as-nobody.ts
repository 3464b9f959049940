import { execa } from 'execa';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { onTestFinished, type TestContext } from 'vitest';
import { ROOT } from './cli.js';

/** nobody: a user that owns none of the files and processes a test makes. */
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const TOP = resolve(ROOT);
/**
 * Loaded only by the TUI, which needs a terminal: run() gives the CLI pipes, so these are left
 * out of the copy (they are most of its size; test/tui/lazy.test.ts checks no other path loads them).
 */
const TUI_ONLY = new Set(['blessed', 'blessed-contrib']);

export interface NobodyCli {
  /** A folder nobody can read, removed when the test ends: put what the CLI should read there. */
  dir: string;
  /** Copies a file or folder of the checkout (a fixture tree) into `dir` as `name`, readable by nobody. */
  copy(fromRoot: string, name: string): string;
  /** Runs the built CLI as nobody; never throws on a non-zero exit. */
  run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** Starts the built CLI as nobody and leaves it running (serve): the caller ends it. */
  start(args: string[]): Pick<ChildProcess, 'stderr' | 'once' | 'kill'> & PromiseLike<{ stderr: unknown }>;
}

/**
 * The built CLI, run as nobody (uid 65534) in the current test, for what an unprivileged reader
 * sees. The checkout may lie under a folder only its owner can enter (a home directory, or
 * `mktemp -d`, both mode 0700): nobody could not even load dist/cli.js from there. So the CLI and
 * what it loads outside the TUI (dist/, package.json, the runtime dependencies in node_modules,
 * the prebuilt sock_diag addon) are copied into a fresh folder under /tmp that every user can
 * enter; it is removed when the test ends. Skips the test, saying why, when nobody cannot run
 * the CLI at all.
 */
export async function cliAsNobody(ctx: TestContext): Promise<NobodyCli> {
  if (process.getuid?.() !== 0) ctx.skip('running the CLI as another user needs root (setpriv --reuid)');
  const probe = await execa('setpriv', [...NOBODY, process.execPath, '-e', ''], { reject: false });
  if (probe.failed) ctx.skip(`cannot run node (${process.execPath}) as nobody: ${String(probe.stderr || probe.message).trim()}`);
  if ((statSync('/tmp').mode & 0o001) === 0) ctx.skip('/tmp is closed to other users: nowhere to put a copy of the CLI they can load');

  const base = mkdtempSync('/tmp/tcpwatch-nobody-');
  onTestFinished(() => rmSync(base, { recursive: true, force: true }));
  chmodSync(base, 0o755);
  for (const p of ['dist', 'package.json', 'prebuilds', ...runtimePackages()]) copyReadable(p, base, p);
  const dir = copyReadable(undefined, base, 'work');
  const cli = join(base, 'dist/cli.js');

  const run = async (args: string[]) => {
    const r = await execa('setpriv', [...NOBODY, process.execPath, cli, ...args], { reject: false, timeout: 20_000, cwd: dir });
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
  };
  // a copy that misses a module is this helper's bug: say so here, not as a puzzling test failure
  const version = await run(['--version']);
  if (version.exitCode !== 0) throw new Error(`the copy of the CLI in ${base} does not run as nobody: ${version.stderr}`);

  const start = (args: string[]) => execa('setpriv', [...NOBODY, process.execPath, cli, ...args], { reject: false, timeout: 60_000, cwd: dir });
  return { dir, run, start, copy: (fromRoot, name) => copyReadable(fromRoot, base, join('work', name)) };
}

/**
 * node_modules/… of every package the CLI may load at run time without the TUI: the dependencies
 * and optional dependencies in package.json and theirs, found as Node finds them (the nearest
 * node_modules up).
 */
function runtimePackages(): string[] {
  const found = new Set<string>();
  const visit = (from: string) => {
    const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      if (from === TOP && TUI_ONLY.has(name)) continue;
      const at = resolvePackage(from, name);
      if (at === undefined) {
        if (pkg.optionalDependencies?.[name] !== undefined) continue; // not installed here: the CLI does without it
        throw new Error(`${name}, a dependency of ${relative(TOP, from) || 'tcpwatch'}, is not installed`);
      }
      const rel = relative(TOP, at);
      if (found.has(rel)) continue;
      found.add(rel);
      visit(at);
    }
  };
  visit(TOP);
  return [...found];
}

function resolvePackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const at = join(dir, 'node_modules', name);
    if (existsSync(join(at, 'package.json'))) return at;
    if (dir === TOP || dir === dirname(dir)) return undefined;
  }
}

/**
 * Copies a file or folder of the checkout to base/rel (an empty folder when `fromRoot` is
 * undefined), following links and leaving out the
 * packages nested in it (runtimePackages lists those it needs); then opens it and the folders
 * above it, up to base, to every user: the checkout's own modes may follow a umask of 077.
 */
function copyReadable(fromRoot: string | undefined, base: string, rel: string): string {
  const to = join(base, rel);
  mkdirSync(dirname(to), { recursive: true });
  if (fromRoot === undefined) {
    mkdirSync(to);
  } else {
    const from = join(TOP, fromRoot);
    const nested = join(from, 'node_modules');
    cpSync(from, to, { recursive: true, dereference: true, filter: (src) => src !== nested });
  }
  openToAll(to);
  for (let dir = dirname(to); dir.length >= base.length; dir = dirname(dir)) chmodSync(dir, 0o755);
  return to;
}

function openToAll(path: string): void {
  const st = lstatSync(path);
  if (st.isDirectory()) {
    chmodSync(path, 0o755);
    for (const e of readdirSync(path)) openToAll(join(path, e));
  } else if (st.isFile()) {
    chmodSync(path, st.mode & 0o100 ? 0o755 : 0o644);
  }
}
