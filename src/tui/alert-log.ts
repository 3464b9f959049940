/** Alerts of successive ticks -> a log of raised, changed and cleared alerts. Pure. */
import type { Alert, AlertLevel } from '../types.js';

export type AlertEventKind = 'raised' | 'changed' | 'cleared';

export interface AlertEvent {
  time: number;
  kind: AlertEventKind;
  /** the level it went to; for `cleared`, the level it had */
  level: AlertLevel;
  rule: Alert['rule'];
  subject: string | undefined;
  message: string;
  /** what to do about it: the alert's remedy, and its own one-line fix when it has one */
  remedy: string;
  fix: string | undefined;
}

export interface AlertLog {
  /** alerts in force (level above ok), by rule and subject */
  active: ReadonlyMap<string, Alert>;
  /** newest last, at most `capacity` */
  events: readonly AlertEvent[];
}

export const EMPTY_ALERT_LOG: AlertLog = { active: new Map(), events: [] };

const keyOf = (a: Alert) => `${a.rule}\u0000${a.subject ?? ''}`;

function event(kind: AlertEventKind, a: Alert, time: number): AlertEvent {
  return { time, kind, level: a.level, rule: a.rule, subject: a.subject, message: a.message, remedy: a.remedy, fix: a.fix };
}

/** The log after one tick's alerts; `fresh` lists the events this tick added. */
export function updateAlertLog(log: AlertLog, alerts: readonly Alert[], time: number, capacity = 200): { log: AlertLog; fresh: AlertEvent[] } {
  const active = new Map<string, Alert>();
  for (const a of alerts) if (a.level !== 'ok') active.set(keyOf(a), a);
  const fresh: AlertEvent[] = [];
  for (const [k, a] of active) {
    const before = log.active.get(k);
    if (!before) fresh.push(event('raised', a, time));
    else if (before.level !== a.level) fresh.push(event('changed', a, time));
  }
  for (const [k, a] of log.active) if (!active.has(k)) fresh.push(event('cleared', a, time));
  if (fresh.length === 0) return { log: { active, events: log.events }, fresh };
  const events = [...log.events, ...fresh];
  return { log: { active, events: events.slice(Math.max(0, events.length - capacity)) }, fresh };
}

/** Whether an event deserves the terminal bell: a problem that appeared or got worse. */
export function ringsBell(e: AlertEvent): boolean {
  return e.kind !== 'cleared' && (e.level === 'critical' || e.level === 'warning');
}

/** The worst level among alerts in force. */
export function worstLevel(log: AlertLog): AlertLevel {
  let worst: AlertLevel = 'ok';
  for (const a of log.active.values()) {
    if (a.level === 'critical') return 'critical';
    if (a.level === 'warning') worst = 'warning';
  }
  return worst;
}
