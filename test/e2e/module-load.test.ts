// The one-shot commands load only the modules they use (node's start-up is most of their cost):
// a static import of the Windows/macOS sources, serve, replay, the advisor or the TUI coming back
// into the CLI's path fails here. The list comes from a loader hook on the real built CLI.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';

const HOOK = join(ROOT, 'test/helpers/module-log.mjs');
const DIST = pathToFileURL(join(ROOT, 'dist')).href + '/';
const PROC = 'fixtures/linux/states/proc';
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-modules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let runs = 0;
/** Runs the CLI; returns its exit code and the modules it loaded (dist/ relative, node_modules/ by package path). */
async function loaded(args: string[], opts: { timeout?: number; env?: Record<string, string> } = {}) {
  const log = join(tmp, `modules-${++runs}.txt`);
  const r = await execa('node', ['--import', HOOK, CLI, ...args], { reject: false, cwd: ROOT, timeout: opts.timeout ?? 20_000, env: { ...opts.env, TCPWATCH_MODULE_LOG: log } });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((url) => (url.startsWith(DIST) ? url.slice(DIST.length) : url.replace(/^.*\/node_modules\//, 'node_modules/')));
  return { exitCode: r.exitCode, stdout: String(r.stdout), modules };
}

/** What no one-shot command or the line mode on Linux needs. */
const NOT_FOR_LINUX_ONE_SHOTS = [
  /^source\/(windows|darwin|capture|process-attribution|socket-owners)\.js$/,
  /^parse\/(formats|netstat-windows|netstat-darwin)\.js$/,
  /^(serve|replay)\//,
  // advice/programs.js is the per-program fix a port_exhaustion finding names: data, no advisor
  /^advice\/(?!programs\.js)/,
  /^tui\/(?!mode\.js)/,
  /^node_modules\/blessed/,
];
const unwanted = (modules: string[], patterns: RegExp[]) => modules.filter((m) => patterns.some((p) => p.test(m)));

describe('modules loaded per command', () => {
  it('--version loads the argument parser and the addon loader, nothing that samples, rules or renders', async () => {
    const r = await loaded(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.modules).toEqual(expect.arrayContaining(['cli.js', 'commands/version.js', 'source/sockdiag-addon.js']));
    // the parser reads --state and --sort values with the filter's and the sort's vocabulary
    const forAddon = /^(source\/(names|sockdiag-addon)|parse\/sockdiag-record-size|tally\/(filter-spec|destination-order))\.js$/;
    expect(unwanted(r.modules, [/^(commands\/(?!version\.js)|rules|views|tally)\//, /^(parse|source)\//, ...NOT_FOR_LINUX_ONE_SHOTS]).filter((m) => !forAddon.test(m))).toEqual([]);
  });

  it.each([
    [['--once', '--json', '--proc-root', PROC], ['source/linux.js', 'codec/sample-json.js'], [/^views\/table\.js$/]],
    [['--once', '--proc-root', PROC], ['source/linux.js', 'views/table.js'], [/^codec\/sample-json\.js$/]],
    [
      ['check', '--proc-root', PROC, '--check-window', '0'],
      ['source/linux.js', 'views/check.js'],
      [/^views\/table\.js$/, /^codec\//],
    ],
  ])('tcpwatch %j on Linux: the Linux source, no other source, serve, replay, advice or TUI', async (args, wanted, alsoNot) => {
    const r = await loaded(args);
    expect(r.exitCode).toBe(0);
    expect(r.modules).toEqual(expect.arrayContaining(wanted));
    expect(unwanted(r.modules, [...NOT_FOR_LINUX_ONE_SHOTS, ...alsoNot])).toEqual([]);
  });

  it('the line mode (live into a pipe) on Linux: the same', async () => {
    const r = await loaded(['--interval', '200ms', '--proc-root', PROC], { timeout: 1500 });
    expect(r.stdout).toMatch(/^time\s+estab/);
    expect(r.modules).toEqual(expect.arrayContaining(['source/linux.js', 'views/line-stream.js']));
    expect(unwanted(r.modules, NOT_FOR_LINUX_ONE_SHOTS)).toEqual([]);
  });

  // the hook does see modules imported later: each is loaded when its command or source is chosen
  it('analyze loads the capture reader and its parsers', async () => {
    const r = await loaded(['analyze', 'fixtures/linux/states/ss-tan.txt']);
    expect(r.exitCode).toBe(0);
    expect(r.modules).toEqual(expect.arrayContaining(['source/capture.js', 'parse/formats.js', 'parse/ss.js']));
    expect(unwanted(r.modules, [/^source\/(windows|darwin|linux)\.js$/, /^(serve|replay)\//, /^advice\/(?!programs\.js)/])).toEqual([]);
  });

  it('--source windows loads the Windows source, not the macOS one', async () => {
    const PATH = [join(ROOT, 'test/fixtures-bin/windows'), process.env.PATH].join(delimiter);
    const r = await loaded(['--once', '--source', 'windows'], { env: { PATH } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('source netstat-windows');
    expect(r.modules).toContain('source/windows.js');
    expect(unwanted(r.modules, [/^source\/(darwin|capture)\.js$/])).toEqual([]);
  });

  it('--processes loads the socket-owner scan', async () => {
    const r = await loaded(['--once', '--processes', '--proc-root', PROC]);
    expect(r.exitCode).toBe(0);
    expect(r.modules).toEqual(expect.arrayContaining(['source/process-attribution.js', 'source/socket-owners.js']));
  });

  it('advise loads the advisor', async () => {
    const r = await loaded(['advise', '--proc-root', PROC]);
    expect(r.exitCode).toBe(0);
    expect(r.modules).toEqual(expect.arrayContaining(['advice/index.js', 'source/linux.js']));
    expect(unwanted(r.modules, [/^source\/(windows|darwin|capture)\.js$/, /^(serve|replay)\//])).toEqual([]);
  });
});
