import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/parse/decode.js';
import { parseNetstatWindows } from '../../src/parse/netstat-windows.js';
import type { TcpRow } from '../../src/types.js';

const fx = (name: string) => readFileSync(new URL(`../../fixtures/windows/${name}`, import.meta.url));

function count(rows: TcpRow[], key: (r: TcpRow) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

// Expected numbers were counted in the files with grep (fixtures/windows/README.md says what each is).
const CASES: Array<{ file: string; states: Record<string, number>; ipv6: number; other: number; unparsed: number; pids: boolean }> = [
  { file: 'en-win11-netstat-ano.txt', states: { LISTEN: 22, ESTABLISHED: 1, SYN_SENT: 2 }, ipv6: 10, other: 24, unparsed: 0, pids: true },
  { file: 'en-win7-netstat-ano-timewait.txt', states: { LISTEN: 21, ESTABLISHED: 2, TIME_WAIT: 191 }, ipv6: 9, other: 29, unparsed: 0, pids: true },
  { file: 'fr-netstat-ano.txt', states: { LISTEN: 37, ESTABLISHED: 19, TIME_WAIT: 6, CLOSE_WAIT: 5 }, ipv6: 12, other: 89, unparsed: 0, pids: true },
  { file: 'de-netstat-an-mojibake.txt', states: { LISTEN: 20, ESTABLISHED: 56, TIME_WAIT: 5, CLOSE_WAIT: 7, FIN_WAIT2: 4 }, ipv6: 18, other: 6, unparsed: 4, pids: false },
  { file: 'de-xp-netstat-an.txt', states: { LISTEN: 8, ESTABLISHED: 5, TIME_WAIT: 3 }, ipv6: 0, other: 4, unparsed: 0, pids: false },
  { file: 'zh-netstat-ano.txt', states: { LISTEN: 7 }, ipv6: 0, other: 0, unparsed: 0, pids: true },
  { file: 'ja-netstat-ano.txt', states: { LISTEN: 5 }, ipv6: 0, other: 0, unparsed: 0, pids: true },
];

describe('parseNetstatWindows over real captures', () => {
  for (const c of CASES) {
    it(`${c.file}: every TCP row, under our state names`, () => {
      const r = parseNetstatWindows(decodeCapture(fx(c.file)));
      expect(count(r.rows, (x) => x.state)).toEqual(c.states);
      expect(r.rows.filter((x) => x.family === 6).length).toBe(c.ipv6);
      expect(r.ignored['other-protocol']).toBe(c.other);
      expect(r.unparsed.count).toBe(c.unparsed);
      expect(r.rows.length).toBeGreaterThan(0);
      expect(r.rows.every((x) => (x.pid !== undefined) === c.pids)).toBe(true);
      expect(r.warnings).toEqual([]);
    });
  }

  it('reads addresses, ports and PIDs column by column', () => {
    const r = parseNetstatWindows(decodeCapture(fx('fr-netstat-ano.txt')));
    expect(r.rows).toContainEqual({ family: 4, local: '192.168.0.31', localPort: 50731, remote: '185.63.145.1', remotePort: 443, state: 'CLOSE_WAIT', pid: 10948 });
    expect(r.rows).toContainEqual({ family: 6, local: '::1', localPort: 49670, remote: '::', remotePort: 0, state: 'LISTEN', pid: 5100 });
    // TIME_WAIT rows belong to no process: PID 0
    const timeWait = r.rows.filter((x) => x.state === 'TIME_WAIT');
    expect(timeWait).toHaveLength(6);
    expect(timeWait.every((x) => x.pid === 0)).toBe(true);
  });

  it('keeps the "..." lines the author cut the German capture with as unparsed, with their line numbers', () => {
    const r = parseNetstatWindows(decodeCapture(fx('de-netstat-an-mojibake.txt')));
    expect(r.unparsed.examples.map((e) => [e.line, e.kind])).toEqual([
      [10, 'columns'],
      [52, 'columns'],
      [86, 'columns'],
      [105, 'columns'],
    ]);
  });

  it('reads the same capture saved by PowerShell (UTF-16LE, BOM, CRLF)', () => {
    const text = fx('fr-netstat-ano.txt').toString('utf8').replaceAll('\n', '\r\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const decoded = decodeCapture(utf16);
    expect(decoded).toContain('État');
    expect(parseNetstatWindows(decoded)).toEqual(parseNetstatWindows(decodeCapture(fx('fr-netstat-ano.txt'))));
  });

  it('reads the German capture as the console wrote it (CP850: 0x99 is Ö)', () => {
    // the published "™" is CP850 0x99 read as CP1252; putting the byte back gives the console's bytes
    const bytes = Buffer.from(fx('de-netstat-an-mojibake.txt').toString('utf8').replaceAll('™', '\x99'), 'latin1');
    const text = decodeCapture(bytes);
    expect(text).toContain('ABHÖREN');
    expect(count(parseNetstatWindows(text).rows, (x) => x.state).LISTEN).toBe(20);
  });
});

describe('netstat-windows: state names', () => {
  const row = (state: string) => `  TCP    10.0.0.5:50000         10.0.0.9:443           ${state}     1234`;

  it.each([
    ['LISTENING', 'LISTEN'],
    ['SYN_RECEIVED', 'SYN_RECV'],
    ['FIN_WAIT_1', 'FIN_WAIT1'],
    ['FIN_WAIT_2', 'FIN_WAIT2'],
    ['CLOSED', 'CLOSE'],
    ['LAST_ACK', 'LAST_ACK'],
    ['CLOSING', 'CLOSING'],
    ['SYN_SENT', 'SYN_SENT'],
    ['BOUND', 'BOUND'],
    ['DELETE_TCB', 'DELETE_TCB'],
    ['ABHÖREN', 'LISTEN'],
    ['SYN_GESENDET', 'SYN_SENT'],
    ['SCHLIESSEND', 'CLOSING'],
  ])('%s counts as %s, with no warning', (name, ours) => {
    const r = parseNetstatWindows(row(name));
    expect(r.rows.map((x) => x.state)).toEqual([ours]);
    expect(r.warnings).toEqual([]);
  });

  it('counts an unknown state under its own name (spaces included) and reports it', () => {
    const r = parseNetstatWindows([row("À L'ÉCOUTE"), row('EN_ATTENTE'), row('EN_ATTENTE')].join('\n'));
    expect(r.rows.map((x) => x.state)).toEqual(["À L'ÉCOUTE", 'EN_ATTENTE', 'EN_ATTENTE']);
    expect(r.rows.every((x) => x.pid === 1234)).toBe(true);
    expect(r.warnings).toEqual([`unknown state name(s) counted under their own names: "À L'ÉCOUTE" (1), "EN_ATTENTE" (2)`]);
  });
});

describe('netstat-windows: malformed rows, one per field, each with its kind', () => {
  const GOOD = '  TCP    [fe80::1%4]:445        [fe80::2%4]:50123      ESTABLISHED     4';
  it('the good row parses, zone kept', () => {
    expect(parseNetstatWindows(GOOD).rows).toEqual([{ family: 6, local: 'fe80::1%4', localPort: 445, remote: 'fe80::2%4', remotePort: 50123, state: 'ESTABLISHED', pid: 4 }]);
  });
  it.each([
    ['no state', '  TCP    10.0.0.5:50000         10.0.0.9:443', 'columns'],
    ['port neither a number nor a known service', GOOD.replace(']:445', ']:my-inhouse-svc'), 'port'],
    ['port too large', GOOD.replace(']:445', ']:70000'), 'address'],
    ['a host name (netstat without -n)', GOOD.replace('[fe80::2%4]:50123', 'MABELLEMACHINE:0'), 'address'],
    ['a stray line after the rows', 'Impossible d’obtenir les informations de propriétaire', 'columns'],
  ])('%s', (_what, line, kind) => {
    const r = parseNetstatWindows(`${GOOD}\n${line}`);
    expect(r.rows.length).toBe(1);
    expect(r.unparsed.examples.map((e) => e.kind)).toEqual([kind]);
  });
});
