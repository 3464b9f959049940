/** A key press -> the next UI state and what the program must do. Pure. */
import type { ReplayMove } from '../monitor/feed.js';
import { advisorShown, DEST_SORTS, type FocusPanel, type UiState } from './model.js';

/** The note while P looks up socket owners; the result clears it (update.ts). */
export const LOOKING_UP = 'looking up socket owners';
/** Interval steps for + and -, in ms. */
const INTERVAL_STEPS = [500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

export type KeyEffect = 'none' | 'quit' | 'pause' | 'resume' | 'interval' | 'suspend' | 'processes' | 'seek';

export interface KeyResult {
  ui: UiState;
  effect: KeyEffect;
  /** with 'seek': where a replay should move (live, the screen says it is for replays) */
  move?: ReplayMove;
}

/** Step and jump keys of a replay. */
const MOVES = new Map<string, ReplayMove>([
  ['left', { entries: -1 }],
  [',', { entries: -1 }],
  ['right', { entries: 1 }],
  ['.', { entries: 1 }],
  ['[', { seconds: -60 }],
  [']', { seconds: 60 }],
]);

/** Rows one PageUp/PageDown moves. */
const PAGE = 5;

/** Next longer (dir 1) or shorter (dir -1) step; from an odd --interval, the nearest step that way. */
export function stepInterval(ms: number, dir: 1 | -1): number {
  if (dir > 0) return INTERVAL_STEPS.find((s) => s > ms) ?? ms;
  return [...INTERVAL_STEPS].reverse().find((s) => s < ms) ?? ms;
}

/** Every panel the help lists: Tab to the advisor shows it for as long as it has the focus. */
const FOCUS_ORDER: readonly FocusPanel[] = ['destinations', 'alerts', 'advisor'];

function scrollBy(ui: UiState, n: number): UiState {
  const cur = ui.scroll[ui.focus];
  return { ...ui, scroll: { ...ui.scroll, [ui.focus]: Math.max(0, cur + n) } };
}

/**
 * `key` is blessed's full key name ('q', 'C-c', 'tab', 'up') or the typed character ('+', '?').
 * While help is open any key but quit closes it.
 */
export function handleKey(prev: UiState, key: string): KeyResult {
  const ui: UiState = { ...prev, note: undefined };
  const same = (u: UiState): KeyResult => ({ ui: u, effect: 'none' });
  if (key === 'q' || key === 'C-c') return { ui, effect: 'quit' };
  // in raw mode Ctrl-Z is a key, not the shell's job control: suspend on purpose
  if (key === 'C-z') return { ui, effect: 'suspend' };
  if (ui.help) return same({ ...ui, help: false });
  const move = MOVES.get(key);
  if (move) return { ui, effect: 'seek', move };
  switch (key) {
    case '?':
    case 'h':
      return same({ ...ui, help: true });
    case 'p':
    case 'space':
      return { ui: { ...ui, paused: !ui.paused, note: ui.paused ? 'resumed' : 'paused' }, effect: ui.paused ? 'resume' : 'pause' };
    case '+':
    case '=':
    case '-': {
      const ms = stepInterval(ui.intervalMs, key === '-' ? -1 : 1);
      if (ms === ui.intervalMs) return same({ ...ui, note: `interval stays ${ui.intervalMs / 1000}s (limit)` });
      return { ui: { ...ui, intervalMs: ms, note: `interval ${ms / 1000}s` }, effect: 'interval' };
    }
    case 'tab':
    case 'S-tab': {
      const i = FOCUS_ORDER.indexOf(ui.focus);
      const next = FOCUS_ORDER[(i + (key === 'tab' ? 1 : FOCUS_ORDER.length - 1)) % FOCUS_ORDER.length] ?? 'destinations';
      return same({ ...ui, focus: next });
    }
    case 's': {
      const sort = DEST_SORTS[(DEST_SORTS.indexOf(ui.sort) + 1) % DEST_SORTS.length] ?? 'ports';
      // the table sorted is brought up: at 80x24 another panel may hold its place
      return same({ ...ui, sort, focus: 'destinations', scroll: { ...ui.scroll, destinations: 0 } });
    }
    case '4':
      return same({ ...ui, family: 'ipv4', scroll: { ...ui.scroll, destinations: 0 } });
    case '6':
      return same({ ...ui, family: 'ipv6', scroll: { ...ui.scroll, destinations: 0 } });
    case 'a':
      return same({ ...ui, family: 'all', scroll: { ...ui.scroll, destinations: 0 } });
    case 'A':
    case 'S-a': {
      // from the socket owners, A shows the advisor proper
      const advisor = !advisorShown(ui) || ui.processes;
      const focus = advisor ? 'advisor' : ui.focus === 'advisor' ? 'destinations' : ui.focus;
      return same({ ...ui, advisor, processes: false, focus });
    }
    case 'P':
    case 'S-p': {
      // socket owners in the advisor's place: a /proc/*/fd scan, so only on this key
      if (ui.processes) return same({ ...ui, processes: false, advisor: false, focus: ui.focus === 'advisor' ? 'destinations' : ui.focus });
      return { ui: { ...ui, processes: true, advisor: true, focus: 'advisor', note: LOOKING_UP }, effect: 'processes' };
    }
    case 'N':
    case 'S-n':
      // with --all-netns the namespaces view takes N first (update.ts)
      return same({ ...ui, note: 'N lists every network namespace: start tcpwatch with --all-netns' });
    case 'up':
    case 'k':
      return same(scrollBy(ui, -1));
    case 'down':
    case 'j':
      return same(scrollBy(ui, 1));
    case 'pageup':
      return same(scrollBy(ui, -PAGE));
    case 'pagedown':
      return same(scrollBy(ui, PAGE));
    case 'home':
      return same(scrollBy(ui, -ui.scroll[ui.focus]));
    default:
      return same(prev);
  }
}
