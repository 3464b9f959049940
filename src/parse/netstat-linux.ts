import { stateFromName, type TcpState } from '../states.js';
import { colonRow, parseLines, u32, type LineResult, type LinesResult } from './lines.js';
import { stateFromNetToolsName } from './net-tools-names.js';

/**
 * Parses Linux net-tools `netstat -ant` / `netstat -antp` output in any locale:
 * `tcp6  0  0 ::1:49670  ::1:8081  ESTABLISHED 2688/node`. UDP and unix rows are counted as other.
 */
export function parseNetstatLinux(text: string): LinesResult {
  return parseLines(text, parseLine);
}

function parseLine(t: string[], raw: string): LineResult {
  const proto = t[0] ?? '';
  if (/^(udp|udp6|udpl|raw|raw6|unix)$/.test(proto)) return { skip: 'other-protocol' };
  if (proto !== 'tcp' && proto !== 'tcp6') return isBanner(t, raw) ? { skip: 'header' } : 'columns';
  if (t.length < 6) return 'columns';
  const named = stateAt(t);
  if (!named) return 'state';
  const { state, tokens } = named;
  // the Proto column gives the family, so a host name (netstat without -n) can stand as the address
  const row = colonRow(state, t.slice(1, 5) as [string, string, string, string], () => (proto === 'tcp6' ? 6 : 4), { hostNames: true });
  if (typeof row === 'string') return row;
  const pidProg = t[5 + tokens];
  const m = pidProg !== undefined ? /^(\d+)\/(.*)$/.exec(pidProg) : null;
  const pid = m ? u32(m[1] as string) : undefined;
  if (m && pid !== undefined) {
    row.pid = pid;
    row.process = m[2];
  }
  return row;
}

/**
 * The lines netstat prints around its rows, in whatever language: the column header (it always
 * starts with "Proto"), "Active Internet connections (servers and established)", and the
 * "(Not all processes could be identified ...)" notice that `2>&1` brings in. All of them are
 * parenthesised or start with Proto; no row is.
 */
function isBanner(t: string[], raw: string): boolean {
  const line = raw.trim();
  return t[0] === 'Proto' || line.startsWith('(') || line.endsWith(')');
}

/** The state in column six, in English or a net-tools translation; one translation is two words. */
function stateAt(t: string[]): { state: TcpState; tokens: number } | undefined {
  const one = t[5] as string;
  const state = stateFromName(one) ?? stateFromNetToolsName(one);
  if (state) return { state, tokens: 1 };
  const two = t[6] === undefined ? undefined : stateFromNetToolsName(`${one} ${t[6]}`);
  return two ? { state: two, tokens: 2 } : undefined;
}
