import { shortTime } from '../format.js';
import { totalSockets } from '../sample.js';
import { TCP_STATES, type TcpState } from '../states.js';
import type { Alert, Sample } from '../types.js';

/** Short column names, so one line per tick fits 132 columns like vmstat. */
const SHORT: Record<TcpState, string> = {
  ESTABLISHED: 'estab',
  SYN_SENT: 'synsent',
  SYN_RECV: 'synrecv',
  FIN_WAIT1: 'finw1',
  FIN_WAIT2: 'finw2',
  TIME_WAIT: 'timewait',
  CLOSE: 'close',
  CLOSE_WAIT: 'closewait',
  LAST_ACK: 'lastack',
  LISTEN: 'listen',
  CLOSING: 'closing',
};

const TIME_WIDTH = 20;

export function linesHeader(): string {
  return ['time'.padEnd(TIME_WIDTH), ...TCP_STATES.map((s) => SHORT[s].padStart(Math.max(6, SHORT[s].length))), 'total'.padStart(8), 'tw'.padStart(8)].join(' ');
}

/** One line per sample: time, the eleven states, total, sockstat tw, then worst alert if any. */
export function sampleLine(s: Sample, alerts: Alert[]): string {
  const cols = [shortTime(s.time).padEnd(TIME_WIDTH), ...TCP_STATES.map((st) => String(s.states[st]).padStart(Math.max(6, SHORT[st].length)))];
  cols.push(String(totalSockets(s)).padStart(8), (s.sockstat.tw === undefined ? '-' : String(s.sockstat.tw)).padStart(8));
  if (s.breakdownTime !== undefined) cols.push(` states ${Math.round((s.time - s.breakdownTime) / 1000)}s old`);
  const worst = alerts.find((a) => a.level === 'critical') ?? alerts.find((a) => a.level === 'warning');
  if (worst) cols.push(` ${worst.level.toUpperCase()} ${worst.rule}: ${worst.message}`);
  return cols.join(' ');
}

export function gapLine(time: number, error: string): string {
  return `${shortTime(time).padEnd(TIME_WIDTH)} no sample: ${error}`;
}

/** A raised, changed or cleared alert, as its own line between the sample lines. */
export function alertEventLine(time: number, a: Alert): string {
  const what = a.level === 'ok' ? `CLEARED ${a.rule} (was ${a.previous ?? 'ok'})` : `${a.previous !== undefined ? `${a.level.toUpperCase()} (was ${a.previous})` : a.level.toUpperCase()} ${a.rule}`;
  return `${shortTime(time).padEnd(TIME_WIDTH)} ${what}: ${a.message}`;
}
