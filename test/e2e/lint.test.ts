// `tcpwatch lint` as users run it: text and JSON, exit statuses, and `sysctl --system`'s files
// under --root, judged against the captured kernel in fixtures/sysctl/kernel.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const KERNEL = ['--proc-root', 'fixtures/sysctl/kernel/proc'];

interface Finding {
  file: string;
  line: number;
  key: string;
  value: string;
  level: string;
  message: string;
  source: string;
  running: string | null;
}

describe('tcpwatch lint FILE', () => {
  it("a blog post's sysctl.conf (golden text): exit 1 for its tcp_tw_recycle", async () => {
    const r = await runCli(['lint', ...KERNEL, 'fixtures/sysctl/blog-greenplumdba-socket-tuning.conf']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    expectGolden('lint-blog-greenplumdba.txt', r.stdout);
    expect(r.stdout).toMatch(/^fixtures\/sysctl\/blog-greenplumdba-socket-tuning\.conf:5: error: net\.ipv4\.tcp_tw_recycle = 1: removed in Linux 4\.12/m);
  });

  it('--json: a list of {file, line, key, value, level, message, source, running}', async () => {
    const r = await runCli(['lint', '--json', ...KERNEL, 'fixtures/sysctl/hxhgts-tcpoptimization-sysctl.conf']);
    expect(r.exitCode).toBe(1);
    const list = JSON.parse(r.stdout) as Finding[];
    expect(list.length).toBeGreaterThanOrEqual(34);
    for (const f of list) expect(Object.keys(f)).toEqual(['file', 'line', 'key', 'value', 'level', 'message', 'source', 'running']);
    expect(list.find((f) => f.key === 'net.ipv4.tcp_mem')).toMatchObject({
      line: 18,
      value: '94500000 91500000 92700000',
      level: 'error',
      running: '287889 383855 575778',
      source: 'https://docs.kernel.org/networking/ip-sysctl.html',
    });
    expect(list.find((f) => f.key === 'vm.swappiness')).toMatchObject({ line: 4, level: 'not judged', running: null });
  });

  it('exit 0 when nothing is an error; several files in the order given', async () => {
    const r = await runCli(['lint', ...KERNEL, 'fixtures/sysctl/alexitru-sysctl.conf']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^21 lines in 1 file: 0 error\(s\), 3 warning\(s\), 1 info$/m);
    const two = await runCli(['lint', '--json', ...KERNEL, 'fixtures/sysctl/alexitru-sysctl.conf', 'fixtures/sysctl/blog-pc-freak-2008.conf']);
    expect(two.exitCode).toBe(1);
    const files = (JSON.parse(two.stdout) as Finding[]).map((f) => f.file);
    expect(files.indexOf('fixtures/sysctl/blog-pc-freak-2008.conf')).toBeGreaterThan(files.lastIndexOf('fixtures/sysctl/alexitru-sysctl.conf'));
  });

  it('a missing file or a bad option is a usage error (exit 2), one line on stderr', async () => {
    const r = await runCli(['lint', 'fixtures/sysctl/no-such.conf']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('tcpwatch: lint: fixtures/sysctl/no-such.conf: not found');
    const bad = await runCli(['lint', '--bogus']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --bogus/);
  });
});

describe('tcpwatch lint (the files sysctl --system reads) under --root', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tcpwatch-lint-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('reads them in sysctl order and says which later line overrides which', async () => {
    put('usr/lib/sysctl.d/50-vendor.conf', 'net.ipv4.tcp_fin_timeout = 30\nnet.core.somaxconn = 8192\n');
    put('etc/sysctl.d/50-vendor.conf', 'net.core.somaxconn = 4096\n'); // hides the vendor file of the same name
    put('etc/sysctl.d/90-local.conf', '# local\nnet.ipv4.tcp_fin_timeout = 60\n');
    put('etc/sysctl.conf', 'net.ipv4.tcp_tw_reuse = 1\n');
    const r = await runCli(['lint', '--json', '--root', root, ...KERNEL]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const list = (JSON.parse(r.stdout) as Finding[]).map((f) => ({ ...f, file: f.file.slice(root.length) }));
    expect(list.map((f) => [f.file, f.line, f.key, f.level])).toEqual([
      ['/etc/sysctl.d/50-vendor.conf', 1, 'net.core.somaxconn', 'ok'],
      ['/etc/sysctl.d/90-local.conf', 2, 'net.ipv4.tcp_fin_timeout', 'ok'],
      ['/etc/sysctl.conf', 1, 'net.ipv4.tcp_tw_reuse', 'ok'],
    ]);
    put('etc/sysctl.d/10-early.conf', 'net.ipv4.tcp_fin_timeout = 10\n');
    const again = await runCli(['lint', '--root', root, ...KERNEL]);
    expect(again.stdout.split('\n')[0]).toBe(`${root}/etc/sysctl.d/10-early.conf:1: info: net.ipv4.tcp_fin_timeout = 10: overridden by ${root}/etc/sysctl.d/90-local.conf:2 (60) (running: 60)`);
  });
});
