// tcpwatch --version: the version, Node's, and the table source in use; and what a package
// without its prebuilt addon does (reads /proc and says why in `warnings`).
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const onLinux = process.platform === 'linux';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const prebuilt = `prebuilds/${process.platform}-${process.arch}/sockdiag.napi.glibc.node`;

describe('--version', () => {
  it('names the version, Node and its Node-API, the platform, and the table source', async () => {
    const r = await runCli(['--version'], { env: { TCPWATCH_TABLE: '' } });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`tcpwatch ${VERSION}`);
    expect(lines[1]).toBe(`node ${process.version} (Node-API ${process.versions.napi}) ${process.platform}-${process.arch}`);
    if (onLinux) expect(lines[2]).toBe(`table: sock_diag (${prebuilt})`);
  });

  it.skipIf(!onLinux).each([
    [['--version'], { TCPWATCH_TABLE: 'procfs' }, 'table: procfs (TCPWATCH_TABLE=procfs)'],
    [['-V', '--proc-root', 'fixtures/linux/states/proc'], {}, 'table: procfs (--proc-root names a /proc tree)'],
    // --pid enters the process's namespace and dumps there (as root; else /proc/PID/net)
    [['-V', '--pid', String(process.pid)], {}, `table: sock_diag (${prebuilt})`],
    [['-V', '--source', 'windows'], {}, 'table: netstat-windows'],
  ])('%j %j: %s', async (args, env, want) => {
    const r = await runCli(args, { env: { TCPWATCH_TABLE: '', ...env } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[2]).toBe(want);
  });
});

describe.skipIf(!onLinux)('a package without its prebuilt addon', () => {
  // dist/ and package.json only, the dependencies linked: what an install for another
  // architecture, or one that lost prebuilds/, looks like
  const pkg = mkdtempSync(join(tmpdir(), 'tcpwatch-noaddon-'));
  afterAll(() => rmSync(pkg, { recursive: true, force: true }));
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  const why = `no prebuilt addon in prebuilds/${process.platform}-${process.arch}/ and no src/native/sockdiag/build/Release/sockdiag.node (npm run build:addon makes one)`;

  it('--once --json reads /proc and says why in one warning', async () => {
    const r = await runCliAt(pkg, ['--once', '--json']);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { source: string; warnings: string[] };
    expect(doc.source).toBe('procfs');
    expect(doc.warnings.filter((w) => w.includes('sock_diag'))).toEqual([`sock_diag not used (${why}): read /proc/net/tcp instead`]);
  });

  it('--version says procfs and why', async () => {
    const r = await runCliAt(pkg, ['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[2]).toBe(`table: procfs (${why})`);
  });
});

/** The CLI of the package at `pkg` (not the checkout's). */
async function runCliAt(pkg: string, args: string[]) {
  const r = await execa('node', [join(pkg, 'dist/cli.js'), ...args], { reject: false, timeout: 20_000, cwd: pkg, env: { TCPWATCH_TABLE: '' } });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}
