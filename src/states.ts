/** The eleven TCP states, in the order every view shows them (netstat's names). */
export const TCP_STATES = ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'] as const;

export type TcpState = (typeof TCP_STATES)[number];

/**
 * A state as a source reported it: one of the eleven, or a name kept as it came
 * (Windows BOUND / DELETE_TCB, or a localized name no map knows) so it is counted, never dropped.
 */
export type StateName = TcpState | (string & {});

/** Per-state counts; every one of the eleven keys is always present, other names only when seen. */
export type StateCounts = Record<TcpState, number> & Record<string, number>;

export function emptyStateCounts(): StateCounts {
  const counts = {} as StateCounts;
  for (const s of TCP_STATES) counts[s] = 0;
  return counts;
}

export function isTcpState(name: string): name is TcpState {
  return (TCP_STATES as readonly string[]).includes(name);
}

/** Kernel state codes as /proc/net/tcp prints them (include/net/tcp_states.h). 0x0C is shown as 03. */
export function stateFromKernelCode(code: number): TcpState | undefined {
  switch (code) {
    case 0x01:
      return 'ESTABLISHED';
    case 0x02:
      return 'SYN_SENT';
    case 0x03:
      return 'SYN_RECV';
    case 0x04:
      return 'FIN_WAIT1';
    case 0x05:
      return 'FIN_WAIT2';
    case 0x06:
      return 'TIME_WAIT';
    case 0x07:
      return 'CLOSE';
    case 0x08:
      return 'CLOSE_WAIT';
    case 0x09:
      return 'LAST_ACK';
    case 0x0a:
      return 'LISTEN';
    case 0x0b:
      return 'CLOSING';
    case 0x0c:
      return 'SYN_RECV'; // NEW_SYN_RECV: the kernel prints request socks as 03, map it the same way
    default:
      return undefined;
  }
}

/**
 * Names other tools print, upper-cased, mapped to ours: ss (`ESTAB`, `TIME-WAIT`), Linux netstat
 * (`TIME_WAIT`), Windows (`LISTENING`, `FIN_WAIT_1`, `SYN_RECEIVED`) and BSD (`SYN_RCVD`, `CLOSED`).
 */
const ALIASES: Record<string, TcpState> = {
  ESTAB: 'ESTABLISHED',
  ESTABLISHED: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  SYN_SENT: 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  SYN_RECV: 'SYN_RECV',
  SYN_RECEIVED: 'SYN_RECV',
  SYN_RCVD: 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  FIN_WAIT1: 'FIN_WAIT1',
  FIN_WAIT_1: 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  FIN_WAIT2: 'FIN_WAIT2',
  FIN_WAIT_2: 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  TIME_WAIT: 'TIME_WAIT',
  UNCONN: 'CLOSE',
  CLOSE: 'CLOSE',
  CLOSED: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSE_WAIT: 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LAST_ACK: 'LAST_ACK',
  LISTEN: 'LISTEN',
  LISTENING: 'LISTEN',
  CLOSING: 'CLOSING',
};

/** The names ss(8) gives the states in its state filter, as users type them after `--state`. */
export const SS_STATE_NAMES = ['established', 'syn-sent', 'syn-recv', 'fin-wait-1', 'fin-wait-2', 'time-wait', 'closed', 'close-wait', 'last-ack', 'listening', 'closing'] as const;

/** Maps a printed state name to ours; undefined when no map knows it (the caller keeps the raw name). */
export function stateFromName(name: string): TcpState | undefined {
  return ALIASES[name.toUpperCase()];
}
