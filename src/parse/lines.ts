import { splitHostPort } from '../addr.js';
import type { TcpState } from '../states.js';
import type { Family, TcpRow, UnparsedKind } from '../types.js';
import { emptyIgnored, type IgnoredKind, type LineAccount } from './accounting.js';
import { emptyUnparsed, recordUnparsed } from './unparsed.js';

/** What a line parser says of one line: a row, a line to pass over (header, other protocol), or why not. */
export type LineResult = TcpRow | { skip: IgnoredKind } | UnparsedKind;

export interface LinesResult extends LineAccount {
  rows: TcpRow[];
  /** what the reader should know about the whole input (unknown state names, truncated addresses) */
  warnings?: string[];
}

/** Longest line any supported format prints; past it the line is reported, not parsed. */
const MAX_LINE = 4096;

/**
 * Runs a line parser over text: splits lines (LF or CRLF), rejects binary and over-long lines,
 * and counts every line that is neither a row nor a known header.
 */
export function parseLines(text: string, parseLine: (tokens: string[], raw: string) => LineResult): LinesResult {
  const rows: TcpRow[] = [];
  const unparsed = emptyUnparsed();
  const ignored = emptyIgnored();
  const lines = text.split('\n');
  // a final newline ends the last line; it does not start another
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i] as string;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') {
      ignored.blank++;
      continue;
    }
    if (raw.length > MAX_LINE) {
      recordUnparsed(unparsed, i + 1, 'too-long', raw.slice(0, 80));
      continue;
    }
    // eslint-disable-next-line no-control-regex -- control characters are what tells a binary line
    if (/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/.test(raw)) {
      recordUnparsed(unparsed, i + 1, 'binary', raw);
      continue;
    }
    const r = parseLine(raw.trim().split(/\s+/), raw);
    if (typeof r === 'string') recordUnparsed(unparsed, i + 1, r, raw);
    else if ('skip' in r) ignored[r.skip]++;
    else rows.push(r);
  }
  return { rows, unparsed, ignored, lines: lines.length };
}

/**
 * A queue length or a PID as the tools print them: decimal and 32 bits wide. A longer run of
 * digits is no such number (Number() would make it a float, or Infinity).
 */
export function u32(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const v = Number(text);
  return v <= 0xffffffff ? v : undefined;
}

/**
 * The columns Linux's text formats (ss, netstat) share: the queues and two `host:port` addresses,
 * into a row; `familyOf` decides the family from the local address as parsed and as printed.
 */
export function colonRow(state: TcpState, [recvQ, sendQ, localText, peerText]: [string, string, string, string], familyOf: (addr: string, text: string) => Family, opts: { hostNames?: boolean } = {}): TcpRow | UnparsedKind {
  const rxQueue = u32(recvQ);
  const txQueue = u32(sendQ);
  if (rxQueue === undefined || txQueue === undefined) return 'number';
  const local = splitHostPort(localText, ':', opts);
  const peer = splitHostPort(peerText, ':', opts);
  if (!local || !peer) return /:(\D+)$/.test(localText) || /:(\D+)$/.test(peerText) ? 'port' : 'address';
  return {
    family: familyOf(local.addr, localText),
    local: local.addr,
    localPort: local.port,
    remote: peer.addr,
    remotePort: peer.port,
    state,
    rxQueue,
    txQueue,
  };
}
