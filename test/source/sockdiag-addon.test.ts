// The loader of the prebuilt sock_diag addon: which binaries it tries, in which order, and what
// it says when none loads; and that the committed binaries are those of the current source.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonCandidates, chooseTable, loadSockdiagFrom, SOURCE_BUILD } from '../../src/source/sockdiag-addon.js';
import { ROOT } from '../helpers/cli.js';

const X64 = 'prebuilds/linux-x64/sockdiag.napi.glibc.node';
const onLinux = process.platform === 'linux';
const prebuilt = `prebuilds/${process.platform}-${process.arch}/sockdiag.napi.glibc.node`;

describe('addonCandidates', () => {
  const tree: Record<string, string[]> = {
    'prebuilds/linux-x64': ['sockdiag.napi.glibc.node', 'sockdiag.abi115.node', 'README', 'sockdiag.napi.node'],
    'src/native/sockdiag/build/Release': ['sockdiag.node', 'obj.target'],
  };
  const list = (dir: string) => tree[dir] ?? [];

  it('the Node-API prebuilt ones for this platform and arch, then a build from source', () => {
    expect(addonCandidates(list, 'linux', 'x64', {})).toEqual([X64, 'prebuilds/linux-x64/sockdiag.napi.node', SOURCE_BUILD]);
  });

  it('another architecture: only a build from source, or nothing', () => {
    expect(addonCandidates(list, 'linux', 'riscv64', {})).toEqual([SOURCE_BUILD]);
    expect(addonCandidates(() => [], 'linux', 'riscv64', {})).toEqual([]);
  });

  it('TCPWATCH_SOCKDIAG=build: the build from source only, even where a prebuilt one exists', () => {
    expect(addonCandidates(list, 'linux', 'x64', { TCPWATCH_SOCKDIAG: 'build' })).toEqual([SOURCE_BUILD]);
    expect(addonCandidates(() => [], 'linux', 'x64', { TCPWATCH_SOCKDIAG: 'build' })).toEqual([SOURCE_BUILD]);
  });
});

describe.skipIf(!onLinux)('loadSockdiagFrom a package tree', () => {
  const base = mkdtempSync(join(tmpdir(), 'tcpwatch-addon-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  let n = 0;
  /** A package root holding these files (relative path -> bytes, or a file of the checkout to copy). */
  const tree = (files: Record<string, string | { copy: string }>) => {
    const root = join(base, String(++n));
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      if (typeof content === 'string') writeFileSync(join(root, rel), content);
      else copyFileSync(join(ROOT, content.copy), join(root, rel));
    }
    return root;
  };

  it('the prebuilt binary of this machine loads and reads a dump', () => {
    const got = loadSockdiagFrom(tree({ [prebuilt]: { copy: prebuilt } }), {});
    expect(got.addon).toBeDefined();
    if (!got.addon) return;
    expect(got.file).toBe(prebuilt);
    expect(got.addon.countStates(4, 1 << 10)).toHaveLength(16);
  });

  it('nothing there: the reason names the folder looked in and how to build one', () => {
    const got = loadSockdiagFrom(tree({ 'package.json': '{}' }), {});
    expect(got).toEqual({ reason: `no prebuilt addon in prebuilds/${process.platform}-${process.arch}/ and no ${SOURCE_BUILD} (npm run build:addon makes one)` });
  });

  it('a binary that does not load (not an ELF file): the file and the loader error, then the next candidate', () => {
    const broken = tree({ [prebuilt]: 'not a shared object', [SOURCE_BUILD]: { copy: prebuilt } });
    const got = loadSockdiagFrom(broken, {});
    expect(got.addon && got.file).toBe(SOURCE_BUILD);
    const alone = loadSockdiagFrom(tree({ [prebuilt]: 'not a shared object' }), {});
    expect(alone.addon).toBeUndefined();
    expect(!alone.addon && alone.reason).toMatch(new RegExp(`^${prebuilt} failed to load: .*(invalid ELF header|file too short)`));
  });

  it('TCPWATCH_SOCKDIAG=build without a build: says it is missing', () => {
    const got = loadSockdiagFrom(tree({ [prebuilt]: { copy: prebuilt } }), { TCPWATCH_SOCKDIAG: 'build' });
    expect(got).toEqual({ reason: `${SOURCE_BUILD} failed to load: missing` });
  });
});

describe('chooseTable', () => {
  it.each([
    [{ table: 'procfs' as const }, {}, 'asked for /proc'],
    [{}, { TCPWATCH_TABLE: 'procfs' }, 'TCPWATCH_TABLE=procfs'],
    [{ procRoot: '/host/proc' }, {}, '--proc-root names a /proc tree'],
  ])('%j with env %j: procfs, asked for (%s), not a fault', (opts, env, why) => {
    expect(chooseTable(opts, env)).toEqual({ table: 'procfs', why, fault: false });
  });
});

describe('prebuilds/', () => {
  const sums = readFileSync(join(ROOT, 'prebuilds/SHA256SUMS'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(/ {2}/) as [string, string]);

  it('SHA256SUMS lists the source, the build script and a binary for linux-x64 and linux-arm64', () => {
    expect(sums.map(([, path]) => path)).toEqual(['src/native/sockdiag/sockdiag.c', 'scripts/prebuilds.mjs', X64, 'prebuilds/linux-arm64/sockdiag.napi.glibc.node']);
  });

  it.each(['src/native/sockdiag/sockdiag.c', 'scripts/prebuilds.mjs', X64, 'prebuilds/linux-arm64/sockdiag.napi.glibc.node'])('%s is the file the binaries were built from or as (else: npm run build:prebuilds)', (path) => {
    const want = sums.find(([, p]) => p === path)?.[0];
    expect(
      createHash('sha256')
        .update(readFileSync(join(ROOT, path)))
        .digest('hex'),
    ).toBe(want);
  });
});
