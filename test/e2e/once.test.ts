import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { cliAsNobody } from '../helpers/as-nobody.js';
import { expectGolden, normalize } from '../helpers/golden.js';

const TREE = 'fixtures/linux/states/proc';
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the fixture tree to break in one way. */
function brokenTree(name: string, change: (root: string) => void): string {
  const root = join(tmp, name);
  cpSync(join(ROOT, TREE), root, { recursive: true });
  change(root);
  return root;
}

describe('tcpwatch --once over a fixture tree (--proc-root)', () => {
  it('prints the table (golden)', async () => {
    const r = await runCli(['--once', '--proc-root', TREE]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expectGolden('once.txt', normalize(r.stdout));
  });

  it('prints the JSON document (golden), every state key present', async () => {
    const r = await runCli(['--once', '--json', '--proc-root', TREE]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { states: Record<string, number>; families: Record<string, Record<string, number>> };
    expect(Object.keys(doc.states)).toEqual(['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING']);
    expect(Object.keys(doc.families.ipv6 ?? {})).toHaveLength(11);
    expectGolden('once.json', normalize(r.stdout));
  });

  it('a missing tcp6 (IPv6 disabled) is normal: no warning, IPv4 counted', async () => {
    const root = brokenTree('no-ipv6', (r) => {
      rmSync(join(r, 'net/tcp6'));
      rmSync(join(r, 'net/sockstat6'));
    });
    const r = await runCli(['--once', '--json', '--proc-root', root]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { states: Record<string, number>; warnings: string[] };
    expect(doc.warnings).toEqual([]);
    expect(doc.states.ESTABLISHED).toBe(8);
  });

  it('an unreadable sysctl is absent from limits and explained, never zero', async () => {
    const root = brokenTree('bad-sysctl', (r) => {
      writeFileSync(join(r, 'sys/net/ipv4/tcp_max_tw_buckets'), 'garbage\n');
      rmSync(join(r, 'sys/net/ipv4/ip_local_port_range'));
      mkdirSync(join(r, 'sys/net/ipv4/ip_local_port_range'));
    });
    const r = await runCli(['--once', '--json', '--proc-root', root]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { limits: Record<string, unknown>; warnings: string[] };
    expect(doc.limits).not.toHaveProperty('tcp_max_tw_buckets');
    expect(doc.limits).not.toHaveProperty('ip_local_port_range');
    expect(doc.limits.tcp_tw_reuse).toBe(0);
    expect(doc.warnings.join('\n')).toMatch(/tcp_max_tw_buckets: unreadable value "garbage"/);
    expect(doc.warnings.join('\n')).toMatch(/ip_local_port_range: is a directory/);
    const table = await runCli(['--once', '--proc-root', root]);
    expect(table.stdout).not.toMatch(/tcp_max_tw_buckets +0 of/);
    expect(table.stdout).toMatch(/WARNINGS/);
  });

  it('garbage rows in /proc/net/tcp are counted as unparsed, good rows still counted', async () => {
    const root = brokenTree('garbage-rows', (r) => {
      writeFileSync(join(r, 'net/tcp'), `${readFileSync(join(r, 'net/tcp'), 'latin1')}  99: 0100007F:ZZZZ\n\u0000\u0001binary\n`, 'latin1');
    });
    const r = await runCli(['--once', '--json', '--proc-root', root]);
    const doc = JSON.parse(r.stdout) as { states: Record<string, number>; unparsed: { count: number; examples: Array<{ kind: string }> } };
    expect(doc.unparsed.count).toBe(2);
    expect(doc.unparsed.examples.map((e) => e.kind)).toEqual(['port', 'binary']);
    expect(doc.states.ESTABLISHED).toBe(13);
  });

  it('a tree without net/tcp is a clear error, exit status 1', async () => {
    const r = await runCli(['--once', '--proc-root', join(tmp, 'nowhere')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot read the TCP table: .*nowhere\/net\/tcp: not found \(is .*nowhere a \/proc tree\?\)/);
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace for an expected failure
  });

  it('permission denied on net/tcp is said as such (as a non-root reader)', async (ctx) => {
    if (process.getuid?.() === 0) {
      // root reads anything: run as nobody for this one
      const nobody = await cliAsNobody(ctx);
      const root = nobody.copy(TREE, 'no-perm');
      chmodSync(join(root, 'net/tcp'), 0o000);
      const r = await nobody.run(['--once', '--proc-root', root]);
      expect(r.stderr).toMatch(/net\/tcp: permission denied/);
      return;
    }
    const root = brokenTree('no-perm', (r) => chmodSync(join(r, 'net/tcp'), 0o000));
    const r = await runCli(['--once', '--proc-root', root]);
    expect(r.stderr).toMatch(/net\/tcp: permission denied/);
  });
});

describe('tcpwatch analyze', () => {
  it.each([
    ['ss-tan.txt', 'analyze-ss.txt'],
    ['netstat-antp.txt', 'analyze-netstat.txt'],
  ])('%s (golden)', async (file, golden) => {
    const r = await runCli(['analyze', `fixtures/linux/states/${file}`, '--port-range', '32768-60999']);
    expect(r.exitCode).toBe(0);
    expectGolden(golden, normalize(r.stdout));
  });

  it('reads standard input with -', async () => {
    const r = await runCli(['analyze', '-', '--json'], { inputFile: join(ROOT, 'fixtures/linux/states/proc/net/tcp6') });
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { source: string; states: Record<string, number> };
    expect(doc.source).toBe('capture:proc');
    expect(doc.states.ESTABLISHED).toBe(5);
  });

  it('--format overrides detection; an unknown --format lists the formats', async () => {
    const forced = await runCli(['analyze', 'fixtures/linux/states/ss-tan.txt', '--format', 'netstat-linux', '--json']);
    expect(forced.exitCode).toBe(0);
    const doc = JSON.parse(forced.stdout) as { unparsed: { count: number } };
    expect(doc.unparsed.count).toBeGreaterThan(30); // every ss row is wrong for netstat
    const bad = await runCli(['analyze', 'fixtures/linux/states/ss-tan.txt', '--format', 'nope']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown --format "nope"/);
    expect(bad.stderr).toMatch(/netstat-linux/);
  });

  it.each([
    ['an empty file', '', /is empty/],
    ['text of no known format', 'hello world\nthis is not a capture\n', /is in no format tcpwatch knows/],
    ['binary garbage', Buffer.from([0, 1, 2, 255, 254, 10, 200, 13, 10]), /is in no format tcpwatch knows/],
  ])('%s: exit 2 with the list of formats', async (name, content, message) => {
    const file = join(tmp, `${name.replace(/\W/g, '_')}.txt`);
    writeFileSync(file, content);
    const r = await runCli(['analyze', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/proc +raw \/proc\/net\/tcp/);
    expect(r.stderr).toMatch(/ss +Linux `ss -tan`/);
  });

  it('a missing file is a clear error, exit 2', async () => {
    const r = await runCli(['analyze', join(tmp, 'missing.txt')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cannot read capture .*missing\.txt: not found/);
  });

  it('a huge capture (200k rows, 30 MB) parses with exact counts', async () => {
    const row = (i: number) =>
      `${String(i).padStart(6)}: 0100007F:${(32768 + (i % 28000)).toString(16).toUpperCase().padStart(4, '0')} ${(0x0100007f + (Math.floor(i / 28000) << 24)).toString(16).toUpperCase().padStart(8, '0')}:1F90 ${i % 3 === 0 ? '06' : '01'} 00000000:00000000 00:00000000 00000000     0        0 ${i % 3 === 0 ? 0 : 1000 + i} 1 0000000000000000 20 4 30 10 -1                       `;
    const lines = ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'];
    for (let i = 0; i < 200_000; i++) lines.push(row(i));
    const file = join(tmp, 'huge.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(['analyze', file, '--json']);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { states: Record<string, number>; destination_count: number; unparsed: { count: number } };
    expect(doc.unparsed.count).toBe(0);
    expect(doc.states.TIME_WAIT).toBe(66_667);
    expect(doc.states.ESTABLISHED).toBe(133_333);
    expect(doc.destination_count).toBe(8); // 127.0.0.1 .. 127.0.0.8 at :8080
  });
});

describe('the command line', () => {
  it('--help and --version', async () => {
    const h = await runCli(['--help']);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/tcpwatch analyze FILE/);
    const v = await runCli(['--version']);
    expect(v.stdout.split('\n')[0]).toMatch(/^tcpwatch \d+\.\d+\.\d+$/);
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['--interval', 'soon'], /not a duration/],
    [['--interval', '10ms'], /out of range/],
    [['analyze'], /analyze needs one capture/],
    [['extra'], /unexpected argument "extra"/],
    [['--top', '0'], /not a whole number/],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a closed pipe ends the stream quietly with 141, as a SIGPIPE death shows (tcpwatch --json | head -c 100)', async () => {
    const r = await execa('bash', ['-c', `set -o pipefail; node ${CLI} --json --interval 200ms --proc-root ${TREE} | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { cwd: ROOT, reject: false, timeout: 15_000 });
    expect(r.stdout).toMatch(/status 141/);
    expect(r.stderr).toBe('');
  });
});
