import { stateFromName } from '../states.js';
import type { Family } from '../types.js';
import { colonRow, parseLines, u32, type LineResult, type LinesResult } from './lines.js';

/**
 * Parses `ss -tan` / `ss -tanp` / `ss -tanH` output (iproute2), and `ss -an` output whose first
 * column is the Netid (non-TCP rows are counted as other protocols, -i and -m detail lines as details). The header is not relied on: ss glues
 * its last two names ("Peer Address:PortProcess").
 */
export function parseSs(text: string): LinesResult {
  const wildcardFamily = oldStyle(text) ? 4 : 6;
  return parseLines(text, (t, raw) => parseSsLine(t, raw, wildcardFamily));
}

/**
 * iproute2 before 4.x printed IPv6 unbracketed (`:::22`) and the IPv4 wildcard as `*`; newer ss
 * brackets IPv6 (`[::]:22`), prints `0.0.0.0`, and keeps `*` for dual-stack IPv6 sockets only.
 */
function oldStyle(text: string): boolean {
  const head = text.slice(0, 1 << 16);
  return !head.includes('[') && !head.includes('0.0.0.0:') && /\s(?:\*|::\S*):\d+\s/.test(head);
}

const NETIDS = new Set(['tcp', 'udp', 'raw', 'u_str', 'u_dgr', 'u_seq', 'nl', 'p_raw', 'p_dgr', 'v_str', 'v_dgr', 'mptcp', 'sctp', 'tipc', 'xdp', 'icmp6', 'u_strt']);

function parseSsLine(t: string[], raw: string, wildcardFamily: Family): LineResult {
  // -i and -m print a socket's details on the next line, after a tab; a row never starts with one
  if (raw.startsWith('\t')) return { skip: 'detail' };
  if (t[0] === 'State' || t[0] === 'Netid' || t[0] === 'Recv-Q') return { skip: 'header' };
  let tokens = t;
  if (NETIDS.has(tokens[0] ?? '')) {
    if (tokens[0] !== 'tcp') return { skip: 'other-protocol' };
    tokens = tokens.slice(1);
  }
  if (tokens.length < 5) return 'columns';
  const state = stateFromName(tokens[0] as string);
  if (!state) return 'state';
  const row = colonRow(state, tokens.slice(1, 5) as [string, string, string, string], (addr, text) => familyOf(addr, text, wildcardFamily));
  if (typeof row === 'string') return row;
  const proc = /users:\(\("((?:[^"\\]|\\.)*)",pid=(\d+)/.exec(raw);
  const pid = proc ? u32(proc[2] as string) : undefined;
  if (proc && pid !== undefined) {
    row.process = proc[1];
    row.pid = pid;
  }
  return row;
}

/** Brackets or colons mean an IPv6 socket; what `*` means depends on the ss version. */
function familyOf(addr: string, text: string, wildcardFamily: Family): Family {
  if (addr === '*') return wildcardFamily;
  // more than the port's colon: an IPv6 address, v4-mapped ones too (old ss: `::ffff:10.0.0.1:80`)
  return text.startsWith('[') || text.indexOf(':') !== text.lastIndexOf(':') ? 6 : 4;
}
