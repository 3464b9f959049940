import { splitHostPort } from '../addr.js';
import type { TcpRow } from '../types.js';
import { parseLines, u32, type LineResult, type LinesResult } from './lines.js';
import { UnknownStates } from './unknown-states.js';
import { windowsState } from './windows-states.js';

/**
 * Parses Windows `netstat -ano` / `-an` (optionally `-p TCP` / `-p TCPv6`) output in any language.
 * The title and column headers are localized, so rows are read by column position:
 * `TCP  local  foreign  state  [PID]`. A localized state may hold a space, so the state is
 * everything between the foreign address and the PID. UDP rows are counted as other.
 */
export function parseNetstatWindows(text: string): LinesResult {
  const unknown = new UnknownStates();
  let sawRow = false;
  const parseLine = (t: string[]): LineResult => {
    const proto = (t[0] ?? '').toUpperCase();
    if (proto === 'UDP' || proto === 'UDPV6') {
      sawRow = true;
      return { skip: 'other-protocol' };
    }
    if (proto !== 'TCP' && proto !== 'TCPV6') {
      // before the first row: the localized title and column header; after it, a stray line
      return sawRow ? 'columns' : { skip: 'header' };
    }
    sawRow = true;
    if (t.length < 4) return 'columns';
    const localText = t[1] as string;
    const peerText = t[2] as string;
    const last = t[t.length - 1] as string;
    const pid = t.length >= 5 ? u32(last) : undefined;
    const hasPid = pid !== undefined;
    const stateText = t.slice(3, hasPid ? -1 : undefined).join(' ');
    const local = splitHostPort(localText, ':');
    const peer = splitHostPort(peerText, ':');
    if (!local || !peer) return /:(\D+)$/.test(localText) || /:(\D+)$/.test(peerText) ? 'port' : 'address';
    const { state, known } = windowsState(stateText);
    if (!known) unknown.add(stateText);
    const row: TcpRow = {
      // Windows brackets every IPv6 address, IPv4-mapped ones included
      family: localText.startsWith('[') ? 6 : 4,
      local: local.addr,
      localPort: local.port,
      remote: peer.addr,
      remotePort: peer.port,
      state,
    };
    if (hasPid) row.pid = pid;
    return row;
  };
  const result = parseLines(text, parseLine);
  return { ...result, warnings: unknown.warnings() };
}
