// Mutations of real captures for the parser property tests: each case is a capture and a short
// list of edits, so fast-check can shrink a failure to the fewest, smallest edits of one capture.
import fc from 'fast-check';

/** Where an edit applies: a fraction of the input's length, so one edit fits every capture. */
const at = fc.integer({ min: 0, max: 0xffff }).map((n) => n / 0x10000);

/** Bytes that mean something to some parser: separators, brackets, digits, the start of names. */
const TOKENS = [
  ' ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  ':',
  '.',
  '*',
  '[',
  ']',
  '(',
  ')',
  '"',
  ',',
  '0',
  '9',
  'F',
  'ffff',
  '\u0000',
  '\u00ff',
  '\ufffd',
  '\u00e9',
  '\u65e5',
  'tcp',
  'tcp6',
  'udp',
  'TCP',
  'UDP',
  'ESTAB',
  'ESTABLISHED',
  'LISTEN',
  'TIME_WAIT',
  'Proto',
  'State',
  'Netid',
  'sl',
  '0A',
  'users:(("',
  ',pid=',
  '::',
  '65536',
  '99999999999999999999',
];

export type Edit =
  | { op: 'set'; at: number; byte: number }
  | { op: 'cut'; at: number; len: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'token'; at: number; token: string }
  | { op: 'truncate-line'; at: number }
  | { op: 'join-lines'; at: number }
  | { op: 'repeat-line'; at: number; times: number }
  | { op: 'long-line'; at: number; len: number }
  | { op: 'end'; at: number }
  | { op: 'crlf'; from: number }
  | { op: 'encode'; as: 'utf16le' | 'utf16le-bom' | 'utf16be-bom' | 'utf8-bom' | 'latin1' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at, len: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ op: fc.constant('insert' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }) }),
  fc.record({ op: fc.constant('token' as const), at, token: fc.constantFrom(...TOKENS) }),
  fc.record({ op: fc.constant('truncate-line' as const), at }),
  fc.record({ op: fc.constant('join-lines' as const), at }),
  fc.record({ op: fc.constant('repeat-line' as const), at, times: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('long-line' as const), at, len: fc.integer({ min: 4000, max: 9000 }) }),
  fc.record({ op: fc.constant('end' as const), at }),
  fc.record({ op: fc.constant('crlf' as const), from: at }),
  fc.record({ op: fc.constant('encode' as const), as: fc.constantFrom('utf16le' as const, 'utf16le-bom' as const, 'utf16be-bom' as const, 'utf8-bom' as const, 'latin1' as const) }),
);

/** A case: which capture, the edits in order, and where a streaming parser's chunks end. */
export interface Mutation {
  capture: number;
  edits: Edit[];
  cuts: number[];
}

export function mutation(captures: number): fc.Arbitrary<Mutation> {
  return fc.record({
    capture: fc.nat({ max: captures - 1 }),
    edits: fc.array(edit, { minLength: 1, maxLength: 8 }),
    cuts: fc.array(at, { maxLength: 6 }),
  });
}

/** Past this an edit is left out: repeating a one-line capture's only line 40 times, thrice, would be gigabytes. */
const MAX_INPUT = 1 << 20;

/** The capture with the edits applied, in order. */
export function mutate(input: Buffer, edits: readonly Edit[]): Buffer {
  let b = input;
  for (const e of edits) {
    const next = apply(b, e);
    if (next.length <= MAX_INPUT) b = next;
  }
  return b;
}

function apply(b: Buffer, e: Edit): Buffer {
  if (e.op === 'encode') return encode(b, e.as);
  if (e.op === 'crlf') {
    const from = pos(b, e.from);
    return Buffer.concat([b.subarray(0, from), Buffer.from(b.subarray(from).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1')]);
  }
  const i = pos(b, e.at);
  switch (e.op) {
    case 'set': {
      if (b.length === 0) return Buffer.from([e.byte]);
      const c = Buffer.from(b);
      c[i] = e.byte;
      return c;
    }
    case 'cut':
      return Buffer.concat([b.subarray(0, i), b.subarray(i + e.len)]);
    case 'insert':
      return splice(b, i, Buffer.from(e.bytes));
    case 'token':
      return splice(b, i, Buffer.from(e.token, 'utf8'));
    case 'truncate-line': {
      const nl = b.indexOf(10, i);
      return Buffer.concat([b.subarray(0, i), nl < 0 ? Buffer.alloc(0) : b.subarray(nl)]);
    }
    case 'join-lines': {
      const nl = b.indexOf(10, i);
      return nl < 0 ? b : Buffer.concat([b.subarray(0, nl), b.subarray(nl + 1)]);
    }
    case 'repeat-line': {
      const s = b.lastIndexOf(10, i) + 1;
      const nl = b.indexOf(10, i);
      const line = b.subarray(s, nl < 0 ? b.length : nl + 1);
      return splice(b, s, Buffer.concat(Array.from({ length: e.times }, () => line)));
    }
    case 'long-line':
      return splice(b, i, Buffer.from('4'.repeat(e.len), 'latin1'));
    case 'end':
      return b.subarray(0, i);
    default:
      return e satisfies never;
  }
}

function pos(b: Buffer, fraction: number): number {
  return Math.floor(fraction * b.length);
}

function splice(b: Buffer, i: number, piece: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, i), piece, b.subarray(i)]);
}

/** The text re-encoded as a Windows or older tool would have written it. */
function encode(b: Buffer, as: Extract<Edit, { op: 'encode' }>['as']): Buffer {
  const text = b.toString('utf8');
  switch (as) {
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
    case 'latin1':
      return Buffer.from(text, 'latin1');
    default:
      return as satisfies never;
  }
}

/** The input cut into chunks at the given fractions of its length (a stream's reads). */
export function chunks(b: Buffer, cuts: readonly number[]): Buffer[] {
  const ends = [...new Set(cuts.map((c) => pos(b, c)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let s = 0;
  for (const e of ends) {
    out.push(b.subarray(s, e));
    s = e;
  }
  out.push(b.subarray(s));
  return out;
}

/** Lines of the input: each newline ends one, and a last line without a newline counts. */
export function countLines(b: Buffer | string): number {
  const bytes = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}
