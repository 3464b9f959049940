import { splitHostPort } from '../addr.js';
import { stateFromName } from '../states.js';
import type { Family, TcpRow } from '../types.js';
import { parseLines, u32, type LineResult, type LinesResult } from './lines.js';
import { UnknownStates } from './unknown-states.js';

const FAMILY: Record<string, Family> = { tcp: 4, tcp4: 4, tcp6: 6, tcp46: 6 };

/**
 * Parses macOS / FreeBSD `netstat -an -p tcp` output (also with `-v`, whose extra columns carry
 * the PID: see verbosePid): `tcp4  0  0  192.168.1.5.52100  17.1.2.3.443  ESTABLISHED`. Addresses end in
 * `.port`; `*.*` and `*.22` are wildcards. Without `-W`, netstat cuts long IPv6 addresses to the
 * column width (`fe80::aede:48ff:.49159`): such a row is still counted, with the cut text as its
 * address, and reported. `tcp46` is a dual-stack IPv6 socket.
 */
export function parseNetstatDarwin(text: string): LinesResult {
  const unknown = new UnknownStates();
  let truncated = 0;
  const address = (t: string): { addr: string; port: number } | undefined => {
    // the Proto column gives the family, so a host name (netstat without -n) can stand as the address
    const ok = splitHostPort(t, '.', { hostNames: true });
    if (ok) return ok;
    // a truncated IPv6 address: hex digits and colons only, cut anywhere
    const m = /^([0-9A-Fa-f:]*:[0-9A-Fa-f:]*)\.(\d{1,5})$/.exec(t);
    if (!m || Number(m[2]) > 65535) return undefined;
    truncated++;
    return { addr: m[1] as string, port: Number(m[2]) };
  };
  const parseLine = (t: string[]): LineResult => {
    const proto = t[0] ?? '';
    if (proto === 'Active' || proto === 'Proto') return { skip: 'header' };
    if (/^(udp|udp4|udp6|udp46|icm|icm6|raw|ip|ip6)$/.test(proto)) return { skip: 'other-protocol' };
    const family = FAMILY[proto];
    if (family === undefined || t.length < 6) return 'columns';
    const [, recvQ, sendQ, localText, peerText, stateText] = t as [string, string, string, string, string, string];
    const rxQueue = u32(recvQ);
    const txQueue = u32(sendQ);
    if (rxQueue === undefined || txQueue === undefined) return 'number';
    const local = address(localText);
    const peer = address(peerText);
    if (!local || !peer) return 'address';
    const mapped = stateFromName(stateText);
    if (!mapped) unknown.add(stateText);
    const row: TcpRow = {
      family,
      // `*` is the family's wildcard: a tcp4 and a tcp6 listener on *.22 are two sockets
      local: wildcard(local.addr, family),
      localPort: local.port,
      remote: wildcard(peer.addr, family),
      remotePort: peer.port,
      state: mapped ?? stateText,
      rxQueue,
      txQueue,
    };
    const pid = verbosePid(t);
    if (pid !== undefined) row.pid = pid;
    return row;
  };
  const result = parseLines(text, parseLine);
  const warnings = unknown.warnings();
  if (truncated > 0) {
    warnings.push(`${truncated} IPv6 address(es) cut short by netstat's column width (run netstat with -W for whole addresses)`);
  }
  return { ...result, warnings };
}

/**
 * The PID from the columns `-v` adds, in the two layouts seen in real output; none otherwise,
 * since the columns moved between releases and a wrong guess would read a buffer size as a PID.
 * macOS 26: `rxbytes txbytes rhiwat shiwat process:pid state ...`, the name may hold spaces, so the
 * PID is the digits after the colon of the first `name:digits` token past the state.
 * Mojave to Big Sur: `rhiwat shiwat pid epid state options`, the state being `0x` hex.
 */
function verbosePid(t: string[]): number | undefined {
  for (let i = 6; i < t.length; i++) {
    const m = /:(\d+)$/.exec(t[i] as string);
    if (m) return u32(m[1] as string);
  }
  if (t.length === 12 && /^0x[0-9a-f]+$/i.test(t[10] as string) && /^\d+$/.test(t[8] as string)) return u32(t[8] as string);
  return undefined;
}

function wildcard(addr: string, family: Family): string {
  if (addr !== '*') return addr;
  return family === 4 ? '0.0.0.0' : '::';
}
