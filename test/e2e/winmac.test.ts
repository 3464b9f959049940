import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { expectGolden, normalize } from '../helpers/golden.js';
import { LiveCli } from '../helpers/live-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-winmac-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** PATH with the stand-in programs first (test/fixtures-bin/windows or darwin), then the system's. */
const standInPath = (os: 'windows' | 'darwin') => [join(ROOT, 'test/fixtures-bin', os), process.env.PATH].join(delimiter);

describe('tcpwatch analyze: Windows and macOS captures', () => {
  it.each([
    ['windows/en-win7-netstat-ano-timewait.txt', 'analyze-windows-en-timewait.txt', 'capture:netstat-windows'],
    ['windows/fr-netstat-ano.txt', 'analyze-windows-fr.txt', 'capture:netstat-windows'],
    ['windows/de-netstat-an-mojibake.txt', 'analyze-windows-de.txt', 'capture:netstat-windows'],
    ['windows/zh-netstat-ano.txt', 'analyze-windows-zh.txt', 'capture:netstat-windows'],
    ['darwin/netstat-anv-listen.txt', 'analyze-darwin-listen.txt', 'capture:netstat-darwin'],
    ['darwin/netstat-vnp-tcp-mojave.txt', 'analyze-darwin-mojave.txt', 'capture:netstat-darwin'],
    ['darwin/netstat-anv-tcp-macos26.txt', 'analyze-darwin-macos26.txt', 'capture:netstat-darwin'],
  ])('%s is detected and reported (golden)', async (file, golden, source) => {
    const r = await runCli(['analyze', `fixtures/${file}`, '--port-range', '49152-65535']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`source ${source}`);
    expectGolden(golden, normalize(r.stdout));
  });

  it('a capture PowerShell wrote with `>` (UTF-16LE, BOM, CRLF) gives the same report as the UTF-8 one', async () => {
    const text = readFileSync(join(ROOT, 'fixtures/windows/fr-netstat-ano.txt'), 'utf8').replaceAll('\n', '\r\n');
    const file = join(tmp, 'fr-utf16.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const utf16 = await runCli(['analyze', file, '--json', '--port-range', '49152-65535']);
    const utf8 = await runCli(['analyze', 'fixtures/windows/fr-netstat-ano.txt', '--json', '--port-range', '49152-65535']);
    expect(utf16.exitCode).toBe(0);
    const strip = (s: string) => ({ ...(JSON.parse(s) as Record<string, unknown>), host: 'HOST', time: 'TIME' });
    expect(strip(utf16.stdout)).toEqual(strip(utf8.stdout));
  });

  it('the German capture in its console bytes (CP850, 0x99 = Ö) counts ABHÖREN as LISTEN', async () => {
    const bytes = Buffer.from(readFileSync(join(ROOT, 'fixtures/windows/de-netstat-an-mojibake.txt'), 'utf8').replaceAll('™', '\x99'), 'latin1');
    const file = join(tmp, 'de-cp850.txt');
    writeFileSync(file, bytes);
    const r = await runCli(['analyze', file, '--json']);
    const doc = JSON.parse(r.stdout) as { states: Record<string, number>; warnings: string[] };
    expect(doc.states.LISTEN).toBe(20);
    expect(doc.warnings.join('\n')).not.toMatch(/unknown state/);
  });
});

describe('tcpwatch --once --source windows|darwin with stand-in programs on PATH', () => {
  it.each([
    ['windows', 'once-windows.txt'],
    ['darwin', 'once-darwin.txt'],
  ] as const)('--source %s (golden)', async (os, golden) => {
    const r = await runCli(['--once', '--source', os], { env: { PATH: standInPath(os) } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expectGolden(golden, normalize(r.stdout));
  });

  it.each(['windows', 'darwin'] as const)('--source %s without netstat on PATH: a clear error, exit 1', async (os) => {
    const dir = mkdtempSync(join(tmp, 'node-only-'));
    symlinkSync(process.execPath, join(dir, 'node'));
    const r = await runCli(['--once', '--source', os], { env: { PATH: dir } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot read the TCP table: netstat -an\S* .*netstat not found \(is it installed and on PATH\?\)/);
  });

  it('a netstat that hangs: killed at the timeout, a clear error, exit 1', async () => {
    const r = await runCli(['--once', '--source', 'windows'], { env: { PATH: standInPath('windows'), STANDIN_NETSTAT: 'hang' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/netstat -ano -p TCP: no answer within 5000 ms \(killed\)/);
  });

  it('streaming: a failing netstat is a gap line each tick, the monitor keeps going and stops cleanly', async () => {
    // stdout stays open to the end: a reader that goes away is a different end (status 141)
    const cli = new LiveCli(['--source', 'windows', '--interval', '200ms'], { env: { PATH: standInPath('windows'), STANDIN_NETSTAT: 'fail' } });
    const gaps = () => cli.lines().filter((l) => /no sample:/.test(l));
    await cli.until(() => gaps().length >= 2);
    expect(await cli.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    for (const g of gaps()) expect(g).toMatch(/no sample: cannot read the TCP table: netstat -ano -p TCP: exited with status 1: netstat: stand-in told to fail/);
  });

  it('live, where netstat prints no timer: new_per_s and full_in_s from the TIME_WAIT counts of consecutive samples', async () => {
    // the Windows 7 capture's 191 TIME_WAIT rows toward 23.177.2.151:443 (local ports 55592-55782, one
    // after another), and a capture derived from it as if taken earlier: the last 91 not closed yet
    const real = 'windows/en-win7-netstat-ano-timewait.txt';
    const earlier = join(tmp, 'win7-earlier.txt');
    const late = (l: string) => {
      const m = /^\s*TCP\s+192\.168\.202\.129:(\d+)\s+23\.177\.2\.151:443\s+TIME_WAIT/.exec(l);
      return m !== null && Number(m[1]) >= 55692;
    };
    writeFileSync(
      earlier,
      readFileSync(join(ROOT, 'fixtures', real), 'utf8')
        .split('\n')
        .filter((l) => !late(l))
        .join('\n'),
    );
    const env = { PATH: standInPath('windows'), NETSTAT_SEQUENCE: `${earlier},${real}`, NETSTAT_SEQUENCE_STATE: join(tmp, 'win7-sequence') };
    const cli = new LiveCli(['--source', 'windows', '--json', '--interval', '1s'], { env });
    type Doc = { time: string; destinations: Array<{ remote: string; new_per_s?: number; full_in_s?: number | null; rate_from?: string }>; rates?: { new_per_s: number; rate_from: string }; limits: { time_wait_seconds: number } };
    await cli.until(() => cli.lines().length >= 3, 30_000);
    await cli.stop('SIGTERM');
    const docs = cli
      .lines()
      .slice(0, 3)
      .map((l) => JSON.parse(l) as Doc);
    const toward = (d: Doc) => d.destinations.find((x) => x.remote === '23.177.2.151:443');
    // one sample tells no rate here
    expect(toward(docs[0] as Doc)?.new_per_s).toBeUndefined();
    const [a, b, c] = docs as [Doc, Doc, Doc];
    const L = b.limits.time_wait_seconds;
    const dt = (Date.parse(b.time) - Date.parse(a.time)) / 1000;
    // what entered TIME_WAIT: the growth, plus what left (steady state: 1/L of them each second)
    // 16,384 usable ports (netsh) hold 92/s x 120 s: it never fills
    expect(toward(b)).toMatchObject({ rate_from: 'deltas', full_in_s: null });
    // tcpwatch times the interval by the monotonic clock at each sample's start; the documents'
    // times are stamped once netstat is running, up to ~0.1 s later on a loaded machine
    const rate = toward(b)?.new_per_s ?? 0;
    expect(rate).toBeGreaterThanOrEqual(91 / (dt + 0.1) + 100 / L - 0.05);
    expect(rate).toBeLessThanOrEqual(91 / Math.max(0.5, dt - 0.1) + 100 / L + 0.05);
    expect(b.rates).toMatchObject({ rate_from: 'deltas' });
    // the same table again: no growth, only the steady leaving
    expect(toward(c)?.new_per_s).toBeCloseTo(191 / L, 0);
  });

  it('live on macOS: the same from the 2024 capture and one derived from it 40 closes later', async () => {
    // netstat-an-timewait.txt: one client TIME_WAIT toward 127.0.0.1.12345; the derived capture adds
    // 40 more from the ports below it, as if taken after 40 more connections had closed
    const real = 'darwin/netstat-an-timewait.txt';
    const text = readFileSync(join(ROOT, 'fixtures', real), 'utf8');
    const more = Array.from({ length: 40 }, (_, i) => `tcp4       0      0  127.0.0.1.${65442 + i}        127.0.0.1.12345        TIME_WAIT`);
    const later = join(tmp, 'darwin-later.txt');
    writeFileSync(later, `${text.trimEnd()}\n${more.join('\n')}\n`);
    const env = { PATH: standInPath('darwin'), NETSTAT_SEQUENCE: `${real},${later}`, NETSTAT_SEQUENCE_STATE: join(tmp, 'darwin-sequence') };
    const cli = new LiveCli(['--source', 'darwin', '--json', '--interval', '1s'], { env });
    type Doc = { time: string; destinations: Array<{ remote: string; new_per_s?: number; rate_from?: string }>; limits: { time_wait_seconds: number } };
    await cli.until(() => cli.lines().length >= 2, 30_000);
    await cli.stop('SIGTERM');
    const [a, b] = cli.lines().map((l) => JSON.parse(l) as Doc) as [Doc, Doc];
    const toward = (d: Doc) => d.destinations.find((x) => x.remote === '127.0.0.1:12345');
    expect(toward(a)?.new_per_s).toBeUndefined();
    const dt = (Date.parse(b.time) - Date.parse(a.time)) / 1000;
    // TIME_WAIT lasts 2 x net.inet.tcp.msl (15 s in the stand-in's sysctl capture)
    expect(b.limits.time_wait_seconds).toBe(30);
    expect(toward(b)).toMatchObject({ rate_from: 'deltas' });
    expect(toward(b)?.new_per_s).toBeCloseTo(40 / dt + 1 / 30, 0);
  });

  it.each([
    ['windows', /^TCPWATCH OK - 19 established, 6 timewait, 5 close_wait, no limit near \| /],
    ['darwin', /^TCPWATCH OK - 5 established, 0 timewait, 2 close_wait, no limit near \| /],
  ] as const)('check --source %s judges with the limits the platform has (no tcp_max_tw_buckets there)', async (os, line) => {
    const r = await runCli(['check', '--source', os, '--check-window', '0'], { env: { PATH: standInPath(os) } });
    expect(r.stdout).toMatch(line);
    expect(r.exitCode).toBe(0);
  });

  it('check --source windows without netsh: the port range is unknown, so UNKNOWN (exit 3)', async () => {
    const r = await runCli(['check', '--source', 'windows', '--check-window', '0'], { env: { PATH: standInPath('windows'), STANDIN_NETSH: 'fail' } });
    expect(r.stdout).toMatch(/^TCPWATCH UNKNOWN - cannot judge without ip_local_port_range /);
    expect(r.exitCode).toBe(3);
  });

  it('an unknown --source is a usage error', async () => {
    const r = await runCli(['--once', '--source', 'solaris']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--source: "solaris" is not one of auto, linux, windows, darwin/);
  });
});
