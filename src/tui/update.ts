/** The live screen as state and events: update(state, event) -> the next state and what to do. Pure. */
import type { Gap } from '../history.js';
import type { ReplayMove } from '../monitor/feed.js';
import type { Tick } from '../monitor/monitor.js';
import type { NetnsTick } from '../monitor/netns-monitor.js';
import { netnsShortName } from '../netns-label.js';
import type { Pending } from '../rules/engine.js';
import type { Alert } from '../types.js';
import { EMPTY_ALERT_LOG, ringsBell, updateAlertLog, type AlertLog } from './alert-log.js';
import { handleKey, LOOKING_UP } from './keys.js';
import { advisorShown, initialUi, type FocusPanel, type UiState } from './model.js';
import { applyRound, INITIAL_NETNS_VIEW, netnsKey, openedRow, type NetnsKeyResult, type NetnsView } from './netns-view.js';

/** The socket owners panel while its /proc scan runs. */
const LOOKING_UP_TEXT = 'Looking up which processes hold the sockets...';

/** How long a posted notice stays in the footer. */
export const NOTICE_MS = 15_000;

export interface TuiState {
  ui: UiState;
  log: AlertLog;
  /** the alerts in force after the newest tick, for the advisor */
  alerts: Alert[];
  /** worse levels seen by the newest tick but not yet confirmed */
  pending: Pending[];
  /** the advisor panel's lines (or the socket owners', with P) */
  advice: string[];
  /** a message from outside the screen (a failing --on-alert hook) and until when it shows */
  notice: { text: string; until: number } | undefined;
  /** ring the terminal bell when a warning or critical alert appears */
  bell: boolean;
  /** the step and jump keys move a replay */
  canSeek: boolean;
  /** --all-netns: the namespaces list and which one the usual screen shows */
  netns: NetnsView | undefined;
  /** the footer note a tick has already seen: the next tick clears it (so a note shows at least one interval) */
  notedAtTick: string | undefined;
}

export type TuiEvent =
  | { kind: 'key'; key: string }
  | { kind: 'tick'; tick: Tick }
  /** a seek rebuilt the history: these ticks, judged afresh, up to the entry now shown */
  | { kind: 'rebuilt'; ticks: Tick[] }
  | { kind: 'resize' }
  | { kind: 'notice'; text: string; now: number }
  /** the advisor's text for the newest sample, as the `advise` effect asked */
  | { kind: 'advice'; lines: string[] }
  /** the socket owners the `processes` effect looked up */
  | { kind: 'processes'; lines: string[] }
  /** the first row each scrollable panel was drawn from (clamped to its length) */
  | { kind: 'drawn'; scroll: Partial<Record<FocusPanel, number>> }
  /** --all-netns: every namespace's newest tick */
  | { kind: 'round'; time: number; namespaces: NetnsTick[]; warnings: string[]; pacedMs?: number | undefined }
  /** --all-netns: the round as a whole failed (the namespaces could not be listed) */
  | { kind: 'round-failed'; gap: Gap };

export type TuiEffect =
  | { kind: 'quit' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'interval'; ms: number }
  | { kind: 'suspend' }
  | { kind: 'processes' }
  | { kind: 'seek'; move: ReplayMove }
  /** compute the advisor's text for the newest sample and send it back as an `advice` event */
  | { kind: 'advise' }
  | { kind: 'bell' }
  | { kind: 'redraw' };

export interface Update {
  state: TuiState;
  effects: TuiEffect[];
}

export function initialTuiState(intervalMs: number, o: { bell: boolean; canSeek: boolean; netns?: boolean }): TuiState {
  return {
    ui: initialUi(intervalMs),
    log: EMPTY_ALERT_LOG,
    alerts: [],
    pending: [],
    advice: [],
    notice: undefined,
    bell: o.bell,
    canSeek: o.canSeek,
    netns: o.netns === true ? INITIAL_NETNS_VIEW : undefined,
    notedAtTick: undefined,
  };
}

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** A tick ages the footer note: one made since the last tick stays until the next, one older goes. */
function ticked(s: TuiState): Pick<TuiState, 'ui' | 'notedAtTick'> {
  const { note } = s.ui;
  if (note !== undefined && note !== s.notedAtTick) return { ui: s.ui, notedAtTick: note };
  return { ui: { ...s.ui, note: undefined }, notedAtTick: undefined };
}

/** The advisor follows the newest sample while it is shown, and fills once if it is empty. */
const adviceFollows = (s: TuiState) => (advisorShown(s.ui) && !s.ui.processes) || s.advice.length === 0;

/** A key of the namespaces view: opening one shows its own alert log and alerts, on a fresh screen. */
function onNetnsKey(s: TuiState, r: NonNullable<NetnsKeyResult>): Update {
  const ui = { ...s.ui, note: r.note };
  if (r.effect !== 'opened') return { state: { ...s, netns: r.view, ui }, effects: [{ kind: 'redraw' }] };
  const row = openedRow(r.view);
  const fresh = r.view.opened !== s.netns?.opened;
  const next: TuiState = {
    ...s,
    netns: r.view,
    log: (r.view.opened !== undefined ? r.view.logs.get(r.view.opened) : undefined) ?? EMPTY_ALERT_LOG,
    alerts: row && 'alerts' in row ? row.alerts : [],
    pending: fresh ? [] : s.pending,
    ui: fresh ? { ...ui, scroll: { destinations: 0, alerts: 0, advisor: 0 } } : ui,
  };
  // the socket owners panel, open when the list was, is looked up again for this namespace
  if (!next.ui.processes) return { state: next, effects: [{ kind: 'advise' }, { kind: 'redraw' }] };
  return { state: { ...next, advice: [LOOKING_UP_TEXT], ui: { ...next.ui, note: LOOKING_UP } }, effects: [{ kind: 'processes' }, { kind: 'redraw' }] };
}

/** A round of every namespace: the list moves on; the one opened is ticked as the usual screen is, or is gone. */
function onRound(s: TuiState, e: Extract<TuiEvent, { kind: 'round' }>): Update {
  if (!s.netns) return { state: s, effects: [] };
  const { view, fresh } = applyRound(s.netns, e.time, e.namespaces, e.warnings, e.pacedMs);
  let next: TuiState = { ...s, netns: view, ...ticked(s) };
  const opened = e.namespaces.find((n) => n.netns.inode === view.opened);
  if (opened) next = { ...next, log: view.logs.get(opened.netns.inode) ?? EMPTY_ALERT_LOG, alerts: opened.tick.active, pending: opened.tick.pending ?? [] };
  else if (view.opened !== undefined) {
    const was = openedRow(s.netns);
    // a notice, not a note: it stays over the next rounds
    const notice = { text: `netns ${was ? netnsShortName(was.netns) : ''} is gone`, until: e.time + NOTICE_MS };
    next = { ...next, netns: { ...view, list: true, opened: undefined }, log: EMPTY_ALERT_LOG, alerts: [], pending: [], notice };
  }
  const effects: TuiEffect[] = !next.netns?.list && adviceFollows(s) ? [{ kind: 'advise' }, { kind: 'redraw' }] : [{ kind: 'redraw' }];
  if (s.bell && fresh.some(ringsBell)) effects.push({ kind: 'bell' });
  return { state: next, effects };
}

function onKey(s: TuiState, key: string): Update {
  const nr = s.netns && !s.ui.help ? netnsKey(s.netns, key) : undefined;
  if (nr) return onNetnsKey(s, nr);
  const r = handleKey(s.ui, key);
  const next: TuiState = { ...s, ui: r.ui };
  const effects: TuiEffect[] = [];
  switch (r.effect) {
    case 'quit':
      return { state: next, effects: [{ kind: 'quit' }] };
    case 'suspend':
      return { state: next, effects: [{ kind: 'suspend' }] };
    case 'pause':
    case 'resume':
      effects.push({ kind: r.effect });
      break;
    case 'interval':
      effects.push({ kind: 'interval', ms: r.ui.intervalMs });
      break;
    case 'processes':
      next.advice = [LOOKING_UP_TEXT];
      effects.push({ kind: 'processes' });
      break;
    case 'seek':
      if (r.move && s.canSeek) effects.push({ kind: 'seek', move: r.move });
      else next.ui = { ...next.ui, note: 'step and jump keys work in a replay' };
      break;
    case 'none':
      break;
    default:
      r.effect satisfies never;
  }
  // the advisor just opened (or came back from the socket owners): fresh advice
  if (advisorShown(next.ui) && !next.ui.processes && (!advisorShown(s.ui) || s.ui.processes)) effects.push({ kind: 'advise' });
  effects.push({ kind: 'redraw' });
  return { state: next, effects };
}

export function update(s: TuiState, e: TuiEvent): Update {
  switch (e.kind) {
    case 'key':
      return onKey(s, e.key);
    case 'tick': {
      const { log, fresh } = updateAlertLog(s.log, e.tick.active, e.tick.entry.time);
      const next: TuiState = { ...s, log, alerts: e.tick.active, pending: e.tick.pending ?? [], ...ticked(s) };
      const effects: TuiEffect[] = adviceFollows(s) ? [{ kind: 'advise' }, { kind: 'redraw' }] : [{ kind: 'redraw' }];
      if (s.bell && fresh.some(ringsBell)) effects.push({ kind: 'bell' });
      return { state: next, effects };
    }
    case 'rebuilt': {
      // paused where the seek landed, the alert log as it stood then
      let log = EMPTY_ALERT_LOG;
      for (const t of e.ticks) log = updateAlertLog(log, t.active, t.entry.time).log;
      const at = e.ticks.at(-1);
      const note = at ? `at ${hhmmss(at.entry.time)}Z (p plays on)` : undefined;
      return { state: { ...s, log, alerts: at?.active ?? [], pending: at?.pending ?? [], ui: { ...s.ui, paused: true, note } }, effects: [{ kind: 'advise' }, { kind: 'redraw' }] };
    }
    case 'resize':
      return { state: s, effects: [{ kind: 'redraw' }] };
    case 'notice':
      return { state: { ...s, notice: { text: e.text, until: e.now + NOTICE_MS } }, effects: [{ kind: 'redraw' }] };
    case 'advice':
      return { state: { ...s, advice: e.lines }, effects: [] };
    case 'processes':
      // the user may have closed the panel while the scan ran
      // the lookup is done: its "looking up" note goes with it
      if (!s.ui.processes) return { state: s, effects: [] };
      return { state: { ...s, advice: e.lines, ui: { ...s.ui, note: s.ui.note === LOOKING_UP ? undefined : s.ui.note } }, effects: [{ kind: 'redraw' }] };
    case 'drawn':
      return { state: { ...s, ui: { ...s.ui, scroll: { ...s.ui.scroll, ...e.scroll } } }, effects: [] };
    case 'round':
      return onRound(s, e);
    case 'round-failed': {
      const netns = s.netns ? { ...s.netns, failed: e.gap } : undefined;
      return { state: { ...s, netns, ui: { ...s.ui, note: `no round at ${hhmmss(e.gap.time)}Z: ${e.gap.error}` } }, effects: [{ kind: 'redraw' }] };
    }
    default:
      return e satisfies never;
  }
}
