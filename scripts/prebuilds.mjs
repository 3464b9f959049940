#!/usr/bin/env node
// npm run build:prebuilds: builds the sock_diag addon (src/native/sockdiag) for each Linux
// architecture tcpwatch ships prebuilt, into prebuilds/linux-<arch>/sockdiag.napi.glibc.node (the
// prebuildify layout: <platform>-<arch>/<name>.<tags>.node), and writes prebuilds/SHA256SUMS over
// the sources and the binaries (`sha256sum -c prebuilds/SHA256SUMS` checks them).
// `--check` builds into a temporary folder and fails unless every binary equals the committed one:
// with the same compilers (Debian 12: gcc 12.2, gcc-aarch64-linux-gnu) the build is byte for byte
// reproducible, so the binaries in git are provably built from the source beside them.
// The addon uses Node-API only, so it needs node_api.h but no linking against Node: a plain C
// compiler builds it, a cross compiler too, without node-gyp.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = 'src/native/sockdiag/sockdiag.c';
const TARGETS = [
  { dir: 'linux-x64', cc: 'x86_64-linux-gnu-gcc', apt: 'gcc' },
  { dir: 'linux-arm64', cc: 'aarch64-linux-gnu-gcc', apt: 'gcc-aarch64-linux-gnu' },
];
const FILE = 'sockdiag.napi.glibc.node';
// the headers of the Node that runs this script: Node-API's are the same in every version
const HEADERS = join(dirname(process.execPath), '..', 'include', 'node');
const FLAGS = ['-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror', '-fPIC', '-shared', '-fvisibility=hidden', '-s', '-DNODE_GYP_MODULE_NAME=sockdiag'];

const check = process.argv.includes('--check');
if (!existsSync(join(HEADERS, 'node_api.h'))) fail(`no node_api.h in ${HEADERS}: this Node was installed without its headers`);

const out = check ? mkdtempSync(join(tmpdir(), 'tcpwatch-prebuilds-')) : join(ROOT, 'prebuilds');
const sums = [];
try {
  for (const t of TARGETS) {
    const file = join(out, t.dir, FILE);
    mkdirSync(dirname(file), { recursive: true });
    try {
      execFileSync(t.cc, [...FLAGS, '-I', HEADERS, SOURCE, '-o', file], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (err) {
      fail(err.code === 'ENOENT' ? `${t.cc} not found (Debian: apt-get install ${t.apt})` : `${t.cc} failed to build ${t.dir}`);
    }
    sums.push([sha256(file), `prebuilds/${t.dir}/${FILE}`]);
  }
  if (check) {
    const committed = readFileSync(join(ROOT, 'prebuilds/SHA256SUMS'), 'utf8');
    const differ = sums.filter(([hash, path]) => !committed.includes(`${hash}  ${path}\n`)).map(([, path]) => path);
    if (differ.length > 0) fail(`${differ.join(', ')} built from ${SOURCE} differ from the committed ones: run npm run build:prebuilds and commit prebuilds/`);
    console.log(`prebuilds: ${sums.length} binaries rebuilt byte for byte from ${SOURCE}`);
  } else {
    const sources = [SOURCE, 'scripts/prebuilds.mjs'].map((p) => [sha256(join(ROOT, p)), p]);
    writeFileSync(join(out, 'SHA256SUMS'), [...sources, ...sums].map(([hash, path]) => `${hash}  ${path}\n`).join(''));
    for (const [hash, path] of sums) console.log(`${path}  sha256 ${hash.slice(0, 16)}`);
  }
} finally {
  if (check) rmSync(out, { recursive: true, force: true });
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function fail(message) {
  console.error(`build:prebuilds: ${message}`);
  process.exit(1);
}
