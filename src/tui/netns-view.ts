/** The namespaces view (--all-netns): the ranked list, its selection, the namespace opened. Pure. */
import { isGap, type Gap } from '../history.js';
import type { NetnsTick } from '../monitor/netns-monitor.js';
import { rankNamespaces } from '../netns-rank.js';
import type { Pending } from '../rules/engine.js';
import type { JudgedNetns, NetnsInfo } from '../types.js';
import { EMPTY_ALERT_LOG, updateAlertLog, type AlertEvent, type AlertLog } from './alert-log.js';

/** A namespace of the list: judged as --all-netns --once judges it, with its inode, and the alerts its next samples may confirm. */
export type NetnsListRow = JudgedNetns & { netns: NetnsInfo & { inode: number }; pending?: readonly Pending[] };

export interface NetnsView {
  /** the list is on screen (else the opened namespace's usual screen) */
  list: boolean;
  /** the selected row, by inode: it stays on its namespace while the order changes */
  selected: number | undefined;
  /** the namespace the usual screen shows */
  opened: number | undefined;
  /** the newest round, worst first */
  rows: NetnsListRow[];
  /** each namespace's alert log, so the one opened shows its own */
  logs: ReadonlyMap<number, AlertLog>;
  warnings: string[];
  /** when the newest round began */
  time: number | undefined;
  /** the newest round failed as a whole: the rows are the last good round's */
  failed: Gap | undefined;
  /** first visible row */
  scroll: number;
  /** the wait after the newest round, where the CPU budget stretches the interval */
  pacedMs: number | undefined;
}

export const INITIAL_NETNS_VIEW: NetnsView = { list: true, selected: undefined, opened: undefined, rows: [], logs: new Map(), warnings: [], time: undefined, failed: undefined, scroll: 0, pacedMs: undefined };

/** The newest round: rows ranked, every namespace's log moved on, those gone dropped; `fresh` the alert events it added. */
export function applyRound(v: NetnsView, time: number, namespaces: readonly NetnsTick[], warnings: string[], pacedMs?: number): { view: NetnsView; fresh: AlertEvent[] } {
  const logs = new Map<number, AlertLog>();
  const fresh: AlertEvent[] = [];
  const judged = namespaces.map(({ netns, tick }): NetnsListRow => {
    const r = updateAlertLog(v.logs.get(netns.inode) ?? EMPTY_ALERT_LOG, tick.active, tick.entry.time);
    logs.set(netns.inode, r.log);
    fresh.push(...r.fresh);
    return isGap(tick.entry) ? { netns, error: tick.entry.error } : { netns, sample: tick.entry, alerts: tick.active, pending: tick.pending ?? [] };
  });
  const rows = rankNamespaces(judged) as NetnsListRow[];
  const selected = rows.some((r) => r.netns.inode === v.selected) ? v.selected : rows[0]?.netns.inode;
  return { view: { ...v, rows, logs, warnings, time, failed: undefined, selected, pacedMs }, fresh };
}

/** The opened namespace's row, while it is there. */
export function openedRow(v: NetnsView): NetnsListRow | undefined {
  return v.rows.find((r) => r.netns.inode === v.opened);
}

/** Rows one PageUp/PageDown moves. */
const PAGE = 5;

const MOVES: Record<string, (i: number, n: number) => number> = {
  up: (i) => i - 1,
  k: (i) => i - 1,
  down: (i) => i + 1,
  j: (i) => i + 1,
  pageup: (i) => i - PAGE,
  pagedown: (i) => i + PAGE,
  home: () => 0,
  end: (_i, n) => n - 1,
};

/** The socket owners and the advisor are of one namespace. */
const ONE_NAMESPACE_KEYS = new Set(['P', 'S-p', 'A', 'S-a']);

export type NetnsKeyResult = { view: NetnsView; effect: 'none' | 'opened' | 'listed'; note?: string } | undefined;

/**
 * N toggles between the list and the namespace opened from it; on the list the arrow keys move
 * the selection and Enter opens it. Undefined: not a key of this view (the usual keys apply).
 */
export function netnsKey(v: NetnsView, key: string): NetnsKeyResult {
  if (key === 'N' || key === 'S-n') {
    if (!v.list) return { view: { ...v, list: true }, effect: 'listed' };
    if (openedRow(v)) return { view: { ...v, list: false }, effect: 'opened' };
    return { view: v, effect: 'none', note: 'Enter opens the selected namespace' };
  }
  if (!v.list) return undefined;
  // the list has no panels of one namespace: they come with the screen Enter opens
  if (ONE_NAMESPACE_KEYS.has(key)) return { view: v, effect: 'none', note: `${key.replace('S-', '').toUpperCase()} works in a namespace: Enter opens the selected one` };
  if (key === 'enter' || key === 'return') {
    if (v.selected === undefined) return { view: v, effect: 'none', note: 'no namespace yet' };
    return { view: { ...v, list: false, opened: v.selected }, effect: 'opened' };
  }
  const move = MOVES[key];
  if (!move) return undefined;
  const i = Math.max(
    0,
    v.rows.findIndex((r) => r.netns.inode === v.selected),
  );
  const to = Math.max(0, Math.min(v.rows.length - 1, move(i, v.rows.length)));
  return { view: { ...v, selected: v.rows[to]?.netns.inode ?? v.selected }, effect: 'none' };
}
