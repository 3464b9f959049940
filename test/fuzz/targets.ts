// What the parser property tests run: every parser under src/parse/ (and the capture reader
// analyze uses), the real captures it is fed, and what must hold for any mutation of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lostLines, type LineAccount } from '../../src/parse/accounting.js';
import { decodeCapture, decodeCodePage, parseChcp } from '../../src/parse/decode.js';
import { detectFormat, FORMATS } from '../../src/parse/formats.js';
import { parseNetshDynamicPort } from '../../src/parse/netsh-dynamicport.js';
import { parseNetstatDarwin } from '../../src/parse/netstat-darwin.js';
import { parseNetstatLinux } from '../../src/parse/netstat-linux.js';
import { parseNetstatWindows } from '../../src/parse/netstat-windows.js';
import { parseProcNetTcp, ProcNetTcpParser } from '../../src/parse/proc-net-tcp.js';
import { parseSnmp } from '../../src/parse/proc-snmp.js';
import { parseSockstat } from '../../src/parse/proc-sockstat.js';
import { parseRegDword } from '../../src/parse/reg-query.js';
import { parseSockdiagRecords, SockdiagRecordParser, SOCKDIAG_RECORD_SIZE } from '../../src/parse/sockdiag-records.js';
import { parseSs } from '../../src/parse/ss.js';
import { darwinLimits, parseSysctlDarwin } from '../../src/parse/sysctl-darwin.js';
import { parseIntSysctl, parsePortRange, parseReservedPorts, usableEphemeralPorts } from '../../src/parse/sysctl.js';
import { parsedRows, sampleFromRows } from '../../src/sample.js';
import { isTcpState } from '../../src/states.js';
import type { TcpRow } from '../../src/types.js';
import { chunks, countLines } from './mutate.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'fixtures');

export interface Capture {
  /** path under the repository, for the provenance of a regression fixture */
  path: string;
  bytes: Buffer;
}

export interface Target {
  name: string;
  captures: Capture[];
  /** throws when a property fails; `cuts` are where a streaming parser's chunks end */
  check(input: Buffer, cuts: readonly number[]): void;
}

function files(dir: string, match: (rel: string) => boolean): Capture[] {
  const out: Capture[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (match(relative(FIXTURES, p))) out.push({ path: relative(ROOT, p), bytes: readFileSync(p) });
    }
  };
  walk(join(FIXTURES, dir));
  if (out.length === 0) throw new Error(`no captures under fixtures/${dir}`);
  return out;
}

function fail(what: string): never {
  throw new Error(what);
}

const UNPARSED_KINDS = new Set(['columns', 'address', 'port', 'state', 'number', 'binary', 'too-long']);

/** Every line is a row, unparsed with a reason, or ignored by kind; and what is kept is sane. */
function conserves(r: LineAccount & { rows: readonly TcpRow[] }, lines: number, strictStates: boolean): void {
  if (r.lines !== lines) fail(`the parser read ${r.lines} lines of ${lines}`);
  const lost = lostLines(r, r.rows.length);
  if (lost !== 0) fail(`${lost} line(s) lost: ${lines} lines, ${r.rows.length} rows, ${r.unparsed.count} unparsed, ignored ${JSON.stringify(r.ignored)}`);
  if (r.unparsed.examples.length > Math.min(5, r.unparsed.count)) fail(`${r.unparsed.examples.length} examples of ${r.unparsed.count} unparsed`);
  for (const e of r.unparsed.examples) {
    if (!UNPARSED_KINDS.has(e.kind)) fail(`unparsed kind ${e.kind}`);
    if (!(e.line >= 1 && e.line <= lines)) fail(`unparsed example at line ${e.line} of ${lines}`);
  }
  for (const row of r.rows) saneRow(row, strictStates);
}

function saneRow(row: TcpRow, strictStates: boolean): void {
  const bad = (why: string) => fail(`${why}: ${JSON.stringify(row)}`);
  if (row.family !== 4 && row.family !== 6) bad('family');
  for (const p of [row.localPort, row.remotePort]) if (!Number.isInteger(p) || p < 0 || p > 65535) bad('port');
  if (typeof row.local !== 'string' || row.local === '' || typeof row.remote !== 'string' || row.remote === '') bad('address');
  if (strictStates ? !isTcpState(row.state) : row.state.trim() === '') bad('state');
  for (const n of [row.rxQueue, row.txQueue, row.pid]) if (n !== undefined && !(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) bad('number');
}

function sameAccount(a: LineAccount & { rows: number }, b: LineAccount & { rows: number }, what: string): void {
  const key = (x: LineAccount & { rows: number }) => JSON.stringify([x.lines, x.rows, x.unparsed.count, x.ignored]);
  if (key(a) !== key(b)) fail(`${what}: ${key(a)} in one piece, ${key(b)} in chunks`);
}

/** A text parser as analyze runs it: on the capture's bytes decoded the way analyze decodes them. */
function textTarget(name: string, captures: Capture[], parse: (text: string) => LineAccount & { rows: TcpRow[] }, strictStates: boolean): Target {
  return {
    name,
    captures,
    check(input) {
      const text = decodeCapture(input);
      conserves(parse(text), countLines(text), strictStates);
    },
  };
}

/** Runs a parser of a single value over its text; it may decline, never throw. */
function valueTarget(name: string, captures: Capture[], check: (text: string, bytes: Buffer) => void): Target {
  return { name, captures, check: (input) => check(input.toString('utf8'), input) };
}

export function targets(): Target[] {
  const proc = files('linux', (p) => /\/proc\/net\/tcp6?$/.test(p));
  const ss = files('linux', (p) => /\/ss-[a-z]+\.txt$/.test(p));
  const netstatLinux = files('linux', (p) => /\/netstat-[a-z]+[.-].*txt$/.test(p));
  const netstatWindows = files('windows', (p) => /netstat.*\.txt$/.test(p));
  const netstatDarwin = files('darwin', (p) => /netstat-.*\.txt$/.test(p));
  return [
    {
      name: 'proc-net-tcp',
      captures: proc,
      check(input, cuts) {
        const whole = parseProcNetTcp(input);
        conserves(whole, countLines(input), true);
        // the live source streams the file: any chunking must give the same rows and accounting
        const rows: TcpRow[] = [];
        const p = new ProcNetTcpParser((r) => rows.push({ ...r }));
        for (const c of chunks(input, cuts)) p.push(c);
        p.end();
        sameAccount({ ...whole, rows: whole.rows.length }, { lines: p.lines, rows: p.rows, unparsed: p.unparsed, ignored: p.ignored }, 'proc-net-tcp chunked');
        if (JSON.stringify(rows) !== JSON.stringify(whole.rows)) fail('proc-net-tcp chunked: other rows');
      },
    },
    {
      name: 'sockdiag-records',
      captures: files('linux', (p) => p.endsWith('.bin')),
      check(input, cuts) {
        const whole = parseSockdiagRecords(input);
        conserves(whole, Math.ceil(input.length / SOCKDIAG_RECORD_SIZE), true);
        // the addon hands over batches of whole records
        const p = new SockdiagRecordParser(() => {});
        const records = Math.floor(input.length / SOCKDIAG_RECORD_SIZE);
        const ends = [...cuts.map((c) => Math.floor(c * records) * SOCKDIAG_RECORD_SIZE), input.length].sort((a, b) => a - b);
        let s = 0;
        for (const e of ends) {
          p.push(input.subarray(s, e));
          s = e;
        }
        sameAccount({ ...whole, rows: whole.rows.length }, { lines: p.lines, rows: p.rows, unparsed: p.unparsed, ignored: p.ignored }, 'sockdiag batches');
      },
    },
    textTarget('ss', ss, parseSs, true),
    textTarget('netstat-linux', netstatLinux, parseNetstatLinux, true),
    // Windows and macOS keep a state they do not know under its own name
    textTarget('netstat-windows', netstatWindows, parseNetstatWindows, false),
    textTarget('netstat-darwin', netstatDarwin, parseNetstatDarwin, false),
    {
      // analyze: decode, detect the format, parse, make the Sample; any capture, any format
      name: 'analyze-capture',
      captures: [...proc, ...ss, ...netstatLinux, ...netstatWindows, ...netstatDarwin],
      check(input) {
        const text = decodeCapture(input);
        const format = detectFormat(text);
        if (!format) return;
        const parsed = format.parse(text);
        conserves(parsed, countLines(text), format.name !== 'netstat-windows' && format.name !== 'netstat-darwin');
        const s = sampleFromRows({ time: 0, host: 'fuzz', source: `capture:${format.name}`, limits: {}, warnings: [] }, parsedRows([parsed]));
        const total = Object.values(s.states).reduce((a, b) => a + b, 0);
        if (total > parsed.rows.length) fail(`the sample counts ${total} sockets of ${parsed.rows.length} rows`);
        if (s.unparsed.count !== parsed.unparsed.count) fail('the sample lost unparsed lines');
        // every format parses every capture without throwing, even the wrong one
        for (const f of FORMATS) conserves(f.parse(text), countLines(text), false);
      },
    },
    valueTarget(
      'proc-snmp',
      files('linux', (p) => /\/proc\/net\/(snmp|netstat)$/.test(p)),
      (text) => {
        for (const [group, fields] of Object.entries(parseSnmp(text))) {
          for (const [k, v] of Object.entries(fields)) if (!Number.isFinite(v)) fail(`${group}.${k} = ${v}`);
        }
      },
    ),
    valueTarget(
      'proc-sockstat',
      files('linux', (p) => /\/proc\/net\/sockstat6?$/.test(p)),
      (text) => {
        for (const [k, v] of Object.entries(parseSockstat(text))) if (!Number.isSafeInteger(v)) fail(`${k} = ${v}`);
      },
    ),
    valueTarget(
      'sysctl',
      files('linux', (p) => /\/proc\/sys\//.test(p)),
      (text) => {
        const n = parseIntSysctl(text);
        if (n !== undefined && !Number.isSafeInteger(n)) fail(`integer ${n}`);
        const range = parsePortRange(text);
        if (range && !(range[0] <= range[1] && range[1] <= 65535)) fail(`range ${range.join('-')}`);
        const reserved = parseReservedPorts(text);
        for (const [a, b] of reserved ?? []) if (!(a <= b && b <= 65535)) fail(`reserved ${a}-${b}`);
        const usable = usableEphemeralPorts(range ?? [32768, 60999], reserved ?? []);
        if (!(usable >= 0 && usable <= 65536)) fail(`usable ${usable}`);
      },
    ),
    valueTarget(
      'sysctl-darwin',
      files('darwin', (p) => p.startsWith('darwin/sysctl')),
      (text) => {
        const limits = darwinLimits(parseSysctlDarwin(text));
        if (limits.range && !(limits.range[0] <= limits.range[1])) fail(`range ${limits.range.join('-')}`);
      },
    ),
    valueTarget(
      'netsh-dynamicport',
      files('windows', (p) => p.includes('netsh-')),
      (text) => {
        const r = parseNetshDynamicPort(text);
        if (r && !(r[0] >= 1 && r[0] <= r[1] && r[1] <= 65535)) fail(`range ${r.join('-')}`);
      },
    ),
    valueTarget(
      'reg-query',
      files('windows', (p) => p.includes('reg-query')),
      (text) => {
        const v = parseRegDword(text, 'TcpTimedWaitDelay');
        if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) fail(`dword ${v}`);
      },
    ),
    valueTarget(
      'chcp',
      files('windows', (p) => p.includes('chcp')),
      (text, bytes) => {
        const cp = parseChcp(text);
        if (cp !== undefined && !Number.isSafeInteger(cp)) fail(`code page ${cp}`);
        decodeCodePage(bytes, cp);
      },
    ),
  ];
}
