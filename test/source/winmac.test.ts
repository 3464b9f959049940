import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import type { Sample } from '../../src/types.js';
import { decodeCapture } from '../../src/parse/decode.js';
import { parseNetstatWindows } from '../../src/parse/netstat-windows.js';
import { createDarwinSource } from '../../src/source/darwin.js';
import { createWindowsSource } from '../../src/source/windows.js';

// The sources run tiny real programs (test/fixtures-bin) that print captured output in place of
// netstat, netsh, reg, chcp and sysctl; they hang or fail when STANDIN_<NAME> says so.
const bin = (p: string) => new URL(`../fixtures-bin/${p}`, import.meta.url).pathname;
const WINDOWS = { netstat: bin('windows/netstat'), netsh: bin('windows/netsh'), reg: bin('windows/reg'), chcp: bin('windows/chcp') };
const DARWIN = { netstat: bin('darwin/netstat'), sysctl: bin('darwin/sysctl') };
const NOWHERE = bin('absent/netstat');
// generous for a loaded CI machine; the hang tests override it
const TIMEOUT_MS = 10_000;

const total = (s: Sample) => Object.values(s.states).reduce((a, b) => a + b, 0);

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
});

describe('Windows source over stand-ins', () => {
  it('counts both netstat runs (-p TCP, -p TCPv6) exactly as the parser counts the capture', async () => {
    const s = await createWindowsSource({ commands: WINDOWS, timeoutMs: TIMEOUT_MS })();
    const parsed = parseNetstatWindows(decodeCapture(readFileSync(new URL('../../fixtures/windows/fr-netstat-ano.txt', import.meta.url))));
    expect(s.source).toBe('netstat-windows');
    expect(s.states).toMatchObject({ LISTEN: 37, ESTABLISHED: 19, TIME_WAIT: 6, CLOSE_WAIT: 5 });
    expect(total(s)).toBe(parsed.rows.length);
    expect(s.families.ipv6.LISTEN).toBe(12);
    expect(s.limits).toEqual({ ip_local_port_range: [49152, 65535], ephemeral_ports: 16384, time_wait_seconds: 120 });
    expect(s.warnings).toEqual([expect.stringMatching(/^TcpTimedWaitDelay is not set: .*120 s assumed/)]);
    expect(s.unparsed.count).toBe(0);
  });

  it('decodes the console code page chcp reports (CP850 German: ABHÖREN is LISTEN)', async () => {
    process.env.NETSTAT_FIXTURE = 'windows/de-netstat-an-mojibake.txt';
    process.env.NETSTAT_ENCODING = 'cp850';
    process.env.NETSH_FIXTURE = 'windows/netsh-dynamicport-fr.txt';
    const s = await createWindowsSource({ commands: WINDOWS, timeoutMs: TIMEOUT_MS })();
    expect(s.states).toMatchObject({ LISTEN: 20, ESTABLISHED: 56, TIME_WAIT: 5, CLOSE_WAIT: 7, FIN_WAIT2: 4 });
    expect(s.warnings.filter((w) => w.includes('unknown state'))).toEqual([]);
    expect(s.limits.ip_local_port_range).toEqual([49152, 65535]);
    expect(s.unparsed.count).toBe(0);
  });

  it('a netstat that never answers is killed at the timeout: a clear error, no hang', async () => {
    process.env.STANDIN_NETSTAT = 'hang';
    const take = createWindowsSource({ commands: WINDOWS, timeoutMs: 500 });
    await expect(take()).rejects.toThrow(SourceError);
    await expect(take()).rejects.toThrow(/cannot read the TCP table: .*netstat -ano -p TCP: no answer within 500 ms \(killed\)/);
  });

  it('a missing netstat is a clear error', async () => {
    await expect(createWindowsSource({ commands: { ...WINDOWS, netstat: NOWHERE }, timeoutMs: TIMEOUT_MS })()).rejects.toThrow(
      /cannot read the TCP table: .*absent\/netstat -ano -p TCP: .*not found \(is it installed and on PATH\?\)/,
    );
  });

  it('a netstat that cannot be run (not executable) is a clear error', async () => {
    const notExecutable = new URL('../../fixtures/windows/chcp-850.txt', import.meta.url).pathname;
    await expect(createWindowsSource({ commands: { ...WINDOWS, netstat: notExecutable }, timeoutMs: TIMEOUT_MS })()).rejects.toThrow(/cannot read the TCP table: .*chcp-850\.txt -ano -p TCP: could not run \(EACCES\)$/);
  });

  it('a failing netstat is a clear error with its message', async () => {
    process.env.STANDIN_NETSTAT = 'fail';
    await expect(createWindowsSource({ commands: WINDOWS, timeoutMs: TIMEOUT_MS })()).rejects.toThrow(/exited with status 1: netstat: stand-in told to fail/);
  });

  it('netsh and reg hanging still give a sample; the range is unknown and every failure is reported', async () => {
    process.env.STANDIN_NETSH = 'hang';
    process.env.STANDIN_REG = 'hang';
    // long enough for the netstat stand-in to answer on a loaded machine, since it must succeed here
    const s = await createWindowsSource({ commands: WINDOWS, timeoutMs: 3000 })();
    expect(s.states.LISTEN).toBe(37);
    expect(s.limits).toEqual({ time_wait_seconds: 120 });
    expect(s.warnings.filter((w) => /no answer within 3000 ms/.test(w))).toHaveLength(4); // netsh ipv4, ipv6, reg twice
    expect(s.warnings).toContain('no dynamic port range from netsh and no MaxUserPort: ephemeral port range unknown');
  });

  it('reads chcp, netsh and reg once a minute, netstat every sample', async () => {
    let t = 0;
    const take = createWindowsSource({ commands: WINDOWS, timeoutMs: TIMEOUT_MS, now: () => t });
    await take();
    process.env.STANDIN_NETSH = 'fail';
    t = 59_000;
    expect((await take()).limits.ip_local_port_range).toEqual([49152, 65535]);
    t = 60_000;
    const later = await take();
    expect(later.limits.ip_local_port_range).toBeUndefined();
    expect(later.warnings).toContain(`${WINDOWS.netsh} interface ipv4 show dynamicport tcp: exited with status 1: netsh: stand-in told to fail`);
  });
});

describe('macOS source over stand-ins', () => {
  it('counts netstat rows; range and TIME_WAIT (2 x net.inet.tcp.msl) from sysctl', async () => {
    const s = await createDarwinSource({ commands: DARWIN, timeoutMs: TIMEOUT_MS })();
    expect(s.source).toBe('netstat-darwin');
    expect(s.states).toMatchObject({ ESTABLISHED: 5, CLOSE_WAIT: 2 });
    expect(total(s)).toBe(7);
    expect(s.limits).toEqual({ ip_local_port_range: [49152, 65535], ephemeral_ports: 16384, time_wait_seconds: 30 });
    expect(s.warnings).toEqual([]);
  });

  it('a netstat that never answers is killed at the timeout', async () => {
    process.env.STANDIN_NETSTAT = 'hang';
    await expect(createDarwinSource({ commands: DARWIN, timeoutMs: 500 })()).rejects.toThrow(/netstat -an -W -p tcp: no answer within 500 ms \(killed\)/);
  });

  it('a missing netstat is a clear error', async () => {
    await expect(createDarwinSource({ commands: { ...DARWIN, netstat: NOWHERE }, timeoutMs: TIMEOUT_MS })()).rejects.toThrow(/not found \(is it installed and on PATH\?\)/);
  });

  it('a netstat killed by a signal is a clear error', async () => {
    process.env.STANDIN_NETSTAT = 'crash';
    await expect(createDarwinSource({ commands: DARWIN, timeoutMs: TIMEOUT_MS })()).rejects.toThrow(/netstat -an -W -p tcp: killed by SIGKILL$/);
  });

  it('a failing sysctl leaves the limits unknown, reported; the states are still counted', async () => {
    process.env.STANDIN_SYSCTL = 'fail';
    const s = await createDarwinSource({ commands: DARWIN, timeoutMs: TIMEOUT_MS })();
    expect(total(s)).toBe(7);
    expect(s.limits).toEqual({});
    expect(s.warnings).toEqual([expect.stringMatching(/^limits unknown: .*sysctl .*exited with status 1: sysctl: stand-in told to fail$/)]);
  });
});
