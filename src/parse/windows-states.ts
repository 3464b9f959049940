import { stateFromName, type StateName, type TcpState } from '../states.js';

/**
 * Localized Windows netstat state names we have seen in real output, mapped to ours. Only names
 * with a real sample or a mapping in a tool that parses real output are listed; anything else is
 * kept under its own name and reported (see fixtures/windows/README.md).
 */
const LOCALIZED: Record<string, TcpState> = {
  // German (de-DE). Real captures: fixtures/windows/de-netstat-an-mojibake.txt,
  // de-xp-netstat-an.txt (Checkmk `cmk/base/legacy_checks/win_netstat.py`);
  // SYN_GESENDET, SCHLIESSEND: sebhildebrandt/systeminformation `lib/network.js`, Checkmk's regex.
  'ABHÖREN': 'LISTEN',
  HERGESTELLT: 'ESTABLISHED',
  WARTEND: 'TIME_WAIT',
  SCHLIESSEN_WARTEN: 'CLOSE_WAIT',
  FIN_WARTEN_2: 'FIN_WAIT2',
  SYN_GESENDET: 'SYN_SENT',
  SCHLIESSEND: 'CLOSING',
  // ABHÖREN damaged on the way: the CP850 byte 0x99 read as CP1252 "™" and saved as UTF-8
  // (the real blog capture), read as Latin-1 (U+0099), or dropped (Checkmk's XP sample).
  'ABH™REN': 'LISTEN',
  'ABH\u0099REN': 'LISTEN',
  ABHREN: 'LISTEN',
};

/**
 * States Windows has that ours do not: kept under their own names. BOUND: bound, not connected
 * (`netstat -q`, Get-NetTCPConnection); DELETE_TCB: MIB_TCP_STATE 12 (MS-RRASM 2.2.1.1.11).
 */
const OWN_NAMES = new Set(['BOUND', 'DELETE_TCB']);

/**
 * The state to count a Windows netstat row under, and whether the name is known. Unknown names are
 * counted under themselves so nothing is dropped, and the caller reports them.
 */
export function windowsState(name: string): { state: StateName; known: boolean } {
  const upper = name.toUpperCase();
  const mapped = stateFromName(upper) ?? LOCALIZED[upper] ?? LOCALIZED[name];
  if (mapped) return { state: mapped, known: true };
  if (OWN_NAMES.has(upper)) return { state: upper, known: true };
  return { state: name, known: false };
}
