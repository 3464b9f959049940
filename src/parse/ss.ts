import { splitHostPort } from '../addr.js';
import { stateFromName } from '../states.js';
import type { Family, TcpRow } from '../types.js';
import { parseLines, type LineResult, type LinesResult } from './lines.js';

/**
 * Parses `ss -tan` / `ss -tanp` / `ss -tanH` output (iproute2), and `ss -an` output whose first
 * column is the Netid (non-TCP rows are counted as other). The header is not relied on: ss glues
 * its last two names ("Peer Address:PortProcess").
 */
export function parseSs(text: string): LinesResult {
  return parseLines(text, parseSsLine);
}

const NETIDS = new Set(['tcp', 'udp', 'raw', 'u_str', 'u_dgr', 'u_seq', 'nl', 'p_raw', 'p_dgr', 'v_str', 'v_dgr', 'mptcp', 'sctp', 'tipc', 'xdp', 'icmp6', 'u_strt']);

function parseSsLine(t: string[], raw: string): LineResult {
  if (t[0] === 'State' || t[0] === 'Netid' || t[0] === 'Recv-Q') return { skip: 'header' };
  let tokens = t;
  if (NETIDS.has(tokens[0] ?? '')) {
    if (tokens[0] !== 'tcp') return { skip: 'other' };
    tokens = tokens.slice(1);
  }
  if (tokens.length < 5) return 'columns';
  const [stateText, recvQ, sendQ, localText, peerText] = tokens as [string, string, string, string, string];
  const state = stateFromName(stateText);
  if (!state) return 'state';
  if (!/^\d+$/.test(recvQ) || !/^\d+$/.test(sendQ)) return 'number';
  const local = splitHostPort(localText, ':');
  const peer = splitHostPort(peerText, ':');
  if (!local || !peer) return /:(\D+)$/.test(localText) || /:(\D+)$/.test(peerText) ? 'port' : 'address';
  const row: TcpRow = {
    family: familyOf(local.addr, localText),
    local: local.addr,
    localPort: local.port,
    remote: peer.addr,
    remotePort: peer.port,
    state,
    rxQueue: Number(recvQ),
    txQueue: Number(sendQ),
  };
  const proc = /users:\(\("((?:[^"\\]|\\.)*)",pid=(\d+)/.exec(raw);
  if (proc) {
    row.process = proc[1];
    row.pid = Number(proc[2]);
  }
  return row;
}

/** ss prints wildcard listeners of a dual-stack socket as `*`; brackets mean an IPv6 socket. */
function familyOf(addr: string, text: string): Family {
  return text.startsWith('[') || addr.includes(':') || addr === '*' ? 6 : 4;
}
