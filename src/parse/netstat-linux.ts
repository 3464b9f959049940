import { splitHostPort } from '../addr.js';
import { stateFromName } from '../states.js';
import type { TcpRow } from '../types.js';
import { parseLines, type LineResult, type LinesResult } from './lines.js';

/**
 * Parses Linux net-tools `netstat -ant` / `netstat -antp` output:
 * `tcp6  0  0 ::1:49670  ::1:8081  ESTABLISHED 2688/node`. UDP and unix rows are counted as other.
 */
export function parseNetstatLinux(text: string): LinesResult {
  return parseLines(text, parseLine);
}

function parseLine(t: string[]): LineResult {
  const proto = t[0] ?? '';
  if (proto === 'Active' || proto === 'Proto') return { skip: 'header' };
  if (/^(udp|udp6|udpl|raw|raw6|unix)$/.test(proto)) return { skip: 'other' };
  if (proto !== 'tcp' && proto !== 'tcp6') return 'columns';
  if (t.length < 6) return 'columns';
  const [, recvQ, sendQ, localText, peerText, stateText] = t as [string, string, string, string, string, string];
  if (!/^\d+$/.test(recvQ) || !/^\d+$/.test(sendQ)) return 'number';
  const state = stateFromName(stateText);
  if (!state) return 'state';
  const local = splitHostPort(localText, ':');
  const peer = splitHostPort(peerText, ':');
  if (!local || !peer) return /:(\D+)$/.test(localText) || /:(\D+)$/.test(peerText) ? 'port' : 'address';
  const row: TcpRow = {
    family: proto === 'tcp6' ? 6 : 4,
    local: local.addr,
    localPort: local.port,
    remote: peer.addr,
    remotePort: peer.port,
    state,
    rxQueue: Number(recvQ),
    txQueue: Number(sendQ),
  };
  const pidProg = t[6];
  const m = pidProg !== undefined ? /^(\d+)\/(.*)$/.exec(pidProg) : null;
  if (m) {
    row.pid = Number(m[1]);
    row.process = m[2];
  }
  return row;
}
