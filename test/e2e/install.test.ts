// [slow, ~20 s: npm pack + a global install] The package as users get it: `npm pack` of the built
// tree, installed globally into a temporary prefix with npm's defaults, offline (the dependencies
// come from the npm cache that npm ci filled), on a PATH with nothing but node: no compiler, no
// python, no make. Then the installed command must read the table through sock_diag (the prebuilt
// addon), say so in --version, and have its man page and completions where npm put them.
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const onLinux = process.platform === 'linux';
const prebuilt = `prebuilds/${process.platform}-${process.arch}/sockdiag.napi.glibc.node`;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const hasMan = (await execa('man', ['--version'], { reject: false })).exitCode === 0;
if (!hasMan) console.warn('skipped: finding the installed man page needs man (Debian: man-db)');

/** npm's own script (npm-cli.js), found through PATH as the shell would, to run with node alone. */
function npmCli(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      return realpathSync(join(dir, 'npm'));
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

describe.skipIf(!onLinux)('[slow] npm pack, then npm install -g of the tarball', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-install-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const bin = join(tmp, 'bin');
  const prefix = join(tmp, 'prefix');
  // a PATH of node and the prefix only: a build at install time would have nothing to run
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const env = { HOME: process.env.HOME ?? tmp, PATH: [bin, join(prefix, 'bin')].join(delimiter), LANG: 'C.UTF-8', TMPDIR: tmp };
  // no npm_config_* from an npm test run around us: npm's defaults
  const run = (file: string, args: string[], extra: Record<string, string> = {}) => execa(file, args, { env: { ...env, ...extra }, extendEnv: false, reject: false, cwd: tmp, timeout: 120_000 });

  it('installs with no compiler, and the command reads sock_diag, prints its version, man page and completion', { timeout: 240_000 }, async (ctx) => {
    expect(readdirSync(bin)).toEqual(['node']);
    const cli = npmCli();
    if (cli === undefined) return ctx.skip('npm is not on PATH');

    // the tree npm test just built (prepare would rebuild dist/ under the other tests' feet)
    const pack = await execa('node', [cli, 'pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, reject: false });
    expect(pack.exitCode, String(pack.stderr)).toBe(0);
    const [packed] = JSON.parse(String(pack.stdout)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (!packed) throw new Error('npm pack printed no package');
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli.js',
        'man/tcpwatch.1',
        'prebuilds/linux-x64/sockdiag.napi.glibc.node',
        'prebuilds/linux-arm64/sockdiag.napi.glibc.node',
        'src/native/sockdiag/sockdiag.c',
        'fixtures/config/tcpwatch.sample.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('test/') || (f.startsWith('src/') && !f.startsWith('src/native/sockdiag/')))).toEqual([]);

    const install = await run('node', [cli, 'install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(tmp, packed.filename)]);
    if (/ENOTCACHED/.test(String(install.stderr))) return ctx.skip(`the npm cache lacks a dependency (run npm ci first): ${String(install.stderr).split('\n')[0]}`);
    expect(install.exitCode, String(install.stderr)).toBe(0);
    const pkg = join(prefix, 'lib/node_modules/tcpwatch');
    // nothing was compiled at install time
    expect(readdirSync(join(pkg, 'src/native/sockdiag')).sort()).toEqual(['binding.gyp', 'sockdiag.c']);

    const once = await run('tcpwatch', ['--once', '--json']);
    expect(once.exitCode, String(once.stderr)).toBe(0);
    const doc = JSON.parse(String(once.stdout)) as { source: string; warnings: string[] };
    expect(doc.source).toBe('sock_diag');
    expect(doc.warnings.filter((w) => w.includes('sock_diag'))).toEqual([]);

    const version = await run('tcpwatch', ['--version']);
    expect(version.exitCode).toBe(0);
    expect(String(version.stdout).split('\n')).toEqual([`tcpwatch ${VERSION}`, expect.stringMatching(/^node v\d+/), `table: sock_diag (${prebuilt})`]);

    // npm linked the man page under the prefix: man finds it through MANPATH
    if (hasMan) {
      const man = await execa('man', ['-w', 'tcpwatch'], { env: { ...env, PATH: process.env.PATH ?? '', MANPATH: join(prefix, 'share/man') }, extendEnv: false, reject: false });
      // through the link npm made in share/man/man1 (man -w prints where it points)
      expect(realpathSync(join(prefix, 'share/man/man1/tcpwatch.1'))).toBe(join(pkg, 'man/tcpwatch.1'));
      expect(String(man.stdout)).toBe(join(pkg, 'man/tcpwatch.1'));
    }

    const completion = await run('tcpwatch', ['completion', 'bash']);
    expect(String(completion.stdout)).toContain('complete -F _tcpwatch tcpwatch');
  });
});
