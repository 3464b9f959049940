/**
 * An alert in a few words, its number first: what a glance at an 80-column screen must catch
 * before the line is cut. Pure, from the alert's value, limit and subject.
 */
import { thousands } from '../format.js';
import type { Alert } from '../types.js';
import { HOST_WIDE, RULE_ENTRIES, type RuleName } from './catalogue.js';
import { remoteOfName } from './usage.js';

type Glanced = Pick<Alert, 'rule' | 'value' | 'limit' | 'subject'>;

/** 95.6 % reads "95%": only a full limit shows 100 %. */
function share(value: number, limit: number): string {
  return limit > 0 ? `${Math.floor((100 * value) / limit)}%` : '-';
}

const ratio = (what: string, a: Glanced, of = '') => `${what} ${share(a.value, a.limit)} (${thousands(a.value)}/${thousands(a.limit)}${of})`;
/** Findings whose subject is a kernel counter (TCPTimeWaitOverflow, SyncookiesSent, ...) count its increase. */
const counter = (a: Glanced) => `${a.subject ?? ''} +${thousands(a.value)}`;

const HEADLINES = {
  tw_buckets: (a) => (a.subject === undefined ? ratio('TIME_WAIT', a, ' tw_buckets') : `${counter(a)}: TIME_WAIT skipped`),
  port_exhaustion: (a) => `${ratio('ports', a)} ${a.subject === undefined || a.subject === HOST_WIDE ? 'host-wide' : `-> ${remoteOfName(a.subject)}`}`,
  close_wait_leak: (a) => `CLOSE_WAIT ${thousands(a.value)} (threshold ${thousands(a.limit)})`,
  listen_overflow: (a) => `listen drops +${thousands(a.value)}: accept queue full`,
  syn_flood: (a) => (a.subject === undefined ? ratio('SYN_RECV', a, ' syn_backlog') : counter(a)),
  orphans: (a) => ratio('orphans', a),
  conntrack: (a) => ratio('conntrack', a),
} satisfies Record<RuleName, (a: Glanced) => string>;

export function headline(a: Glanced): string {
  return HEADLINES[a.rule](a);
}

/** The alert's own one-line fix, else its rule's. */
export function oneLineFix(a: Pick<Alert, 'rule' | 'fix'>): string {
  return a.fix ?? RULE_ENTRIES[a.rule].fix;
}
