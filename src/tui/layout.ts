/** Terminal size -> panel geometry and column widths. Pure: tested without a terminal. */

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Widths of the state table's columns; the sparkline takes what is left. */
export interface StateColumns {
  state: number;
  count: number;
  perSec: number;
  share: number;
  spark: number;
}

/** Widths of the destinations table's columns; addresses share what the numbers leave. */
export interface DestColumns {
  local: number;
  remote: number;
  ports: number;
  timeWait: number;
  established: number;
  closeWait: number;
  /** NEW/S and FULL IN (rates.ts); 0 where the width has no room for them */
  newPerS: number;
  fullIn: number;
}

export interface Layout {
  cols: number;
  rows: number;
  /** below the minimum size only the header and a notice are shown */
  tooSmall: boolean;
  /** the smallest size that shows every panel, for the notice */
  needs: { cols: number; rows: number };
  header: Rect;
  /** the worst alert's headline (or the newest alert event); a second line with its fix when asked */
  strip: Rect;
  states: Rect;
  /** limits (gauges) and counter rates */
  side: Rect;
  destinations: Rect;
  /** only when the advisor is toggled on (it never covers the state table) */
  advisor: Rect | undefined;
  /** the raised/cleared log: always on tall terminals, else in the destinations' place when focused */
  alertLog: Rect | undefined;
  /** the history line chart (blessed-contrib), only on large terminals when asked for */
  chart: Rect | undefined;
  /** key hints or a transient message */
  footer: Rect;
  /** the help overlay, centred, when open */
  help: Rect | undefined;
  stateCols: StateColumns;
  destCols: DestColumns;
  /** --all-netns: the namespaces list, in place of every panel between the header and the footer */
  namespaces?: Rect;
}

export interface LayoutOptions {
  /** rows of the state table: the states shown plus a TOTAL row */
  stateRows: number;
  advisor: boolean;
  /** the panel with focus (default: destinations): on short terminals it alone fills the lower area */
  focus?: 'destinations' | 'alerts' | 'advisor';
  /** size of the help text when it is open */
  help?: { width: number; height: number } | undefined;
  /** room for the history chart may be taken (it needs braille and colour) */
  chart?: boolean;
  /** a second strip line for the worst alert's fix, unless the terminal is too short for it */
  fixLine?: boolean;
}

const MIN_COLS = 60;
/** The destinations panel needs its title, column heads and at least one row. */
const MIN_DEST_ROWS = 3;
/** From this height on, the alert log is always shown (and the advisor shares the lower area). */
const TALL_ROWS = 32;
/** At or above this width the limits and rates sit beside the state table. */
const SIDE_BY_SIDE_COLS = 80;
const GAP = 1;
/** The history chart only on terminals at least this large: below, the text panels need the room. */
export const CHART_MIN = { cols: 120, rows: 40 };
/** Rows of the chart: its border, the plot and the x labels. */
const CHART_ROWS = { min: 10, max: 16 };
/** Rows (title, heads, four lines) the chart must leave to the destinations, and to the advisor. */
const CHART_DEST_ROWS = 6;

const rect = (top: number, left: number, width: number, height: number): Rect => ({
  top,
  left,
  width: Math.max(0, width),
  height: Math.max(0, height),
});

export function stateColumns(width: number): StateColumns {
  const fixed = { state: 11, count: 9, perSec: 8, share: 6 };
  const used = fixed.state + fixed.count + fixed.perSec + fixed.share + 4 * GAP;
  return { ...fixed, spark: Math.max(0, width - used) };
}

export function destColumns(width: number): DestColumns {
  const nums = { ports: 7, timeWait: 10, established: 7, closeWait: 11 };
  const base = width - (nums.ports + nums.timeWait + nums.established + nums.closeWait) - 5 * GAP;
  // the rates only where the local and remote columns keep their room (from about 95 columns)
  const rates = base - 16 >= 30 ? { newPerS: 7, fullIn: 7 } : { newPerS: 0, fullIn: 0 };
  const free = base - (rates.newPerS > 0 ? rates.newPerS + rates.fullIn + 2 * GAP : 0);
  // narrow: no local column, so that an IPv4 remote with its port (21) stays whole
  if (free < 30) return { local: 0, remote: Math.max(8, free + GAP), ...nums, ...rates };
  // remote (address:port) matters most; IPv6 with port needs 47, a local address 39
  const remote = Math.min(47, Math.max(8, Math.ceil(free * 0.55)));
  const local = Math.min(39, Math.max(6, free - remote));
  return { local, remote, ...nums, ...rates };
}

/** Widths of the namespaces list's columns; the container and pod column only where the rest keep their room. */
export interface NetnsColumns {
  name: number;
  /** 0 where the width has no room for it */
  owner: number;
  established: number;
  timeWait: number;
  closeWait: number;
  twShare: number;
  destShare: number;
  alerts: number;
}

export function netnsColumns(width: number): NetnsColumns {
  const nums = { established: 7, timeWait: 9, closeWait: 10, twShare: 7, destShare: 7 };
  const free = width - (nums.established + nums.timeWait + nums.closeWait + nums.twShare + nums.destShare) - 6 * GAP;
  const name = Math.min(24, Math.max(10, Math.floor(free * 0.45)));
  // the owner (docker 1a2b3c4d5e6f, a pod's namespace/name) from about 110 columns on
  const owner = free - name - GAP - 20 >= 20 ? Math.min(40, free - name - GAP - 20) : 0;
  return { name, owner, ...nums, alerts: Math.max(6, free - name - (owner > 0 ? owner + GAP : 0)) };
}

/** The namespaces list needs its title, column heads and one row, between the header and the footer. */
const NETNS_MIN_ROWS = 5;

/** The namespaces view (--all-netns): the header, the list, the footer, and the help when open. */
export function computeNetnsLayout(cols: number, rows: number, help?: LayoutOptions['help']): Layout {
  const l = layoutWith(cols, rows, { stateRows: 0, advisor: false, help });
  const none = rect(1, 0, cols, 0);
  const needs = { cols: Math.max(cols, MIN_COLS), rows: Math.max(rows, NETNS_MIN_ROWS) };
  return {
    ...l,
    tooSmall: cols < MIN_COLS || rows < NETNS_MIN_ROWS,
    needs,
    strip: none,
    states: none,
    side: none,
    destinations: none,
    advisor: undefined,
    alertLog: undefined,
    chart: undefined,
    namespaces: rect(1, 0, cols, rows - 2),
  };
}

export function computeLayout(cols: number, rows: number, o: LayoutOptions): Layout {
  const l = layoutWith(cols, rows, o);
  // the fix line gives way before the panels do
  return l.tooSmall && o.fixLine ? layoutWith(cols, rows, { ...o, fixLine: false }) : l;
}

function layoutWith(cols: number, rows: number, o: LayoutOptions): Layout {
  const header = rect(0, 0, cols, 1);
  const strip = rect(1, 0, cols, o.fixLine ? 2 : 1);
  const footer = rect(rows - 1, 0, cols, 1);
  const bodyTop = 1 + strip.height;
  const bodyRows = rows - 1 - bodyTop;
  const stateHeight = Math.min(o.stateRows + 1, bodyRows); // + the column header row

  let states: Rect;
  let side: Rect;
  let lowerTop: number;
  if (cols >= SIDE_BY_SIDE_COLS) {
    const sideWidth = Math.min(48, Math.max(30, Math.floor(cols * 0.36)));
    states = rect(bodyTop, 0, cols - sideWidth - GAP, stateHeight);
    side = rect(bodyTop, cols - sideWidth, sideWidth, stateHeight);
    lowerTop = bodyTop + stateHeight;
  } else {
    // narrow: limits and rates go under the states, in compact one-line form
    states = rect(bodyTop, 0, cols, stateHeight);
    side = rect(bodyTop + stateHeight, 0, cols, 3);
    lowerTop = bodyTop + stateHeight + 3;
  }

  let lowerRows = rows - 1 - lowerTop;
  // every state stays in view, so the height needed follows from the state table
  const needCols = Math.max(cols, MIN_COLS);
  const needs = { cols: needCols, rows: 2 + o.stateRows + 1 + (needCols >= SIDE_BY_SIDE_COLS ? 0 : 3) + MIN_DEST_ROWS + 1 };
  const tooSmall = cols < MIN_COLS || lowerRows < MIN_DEST_ROWS;
  let alertLog: Rect | undefined;
  let advisor: Rect | undefined;
  let chart: Rect | undefined;
  let destinations: Rect;
  if (rows >= TALL_ROWS) {
    // tall: a permanent alert log at the bottom; the advisor, when on, shares with the destinations
    const h = Math.min(12, Math.max(4, Math.floor(lowerRows / 3)));
    alertLog = rect(rows - 1 - h, 0, cols, h);
    lowerRows -= h;
    if (o.chart && cols >= CHART_MIN.cols && rows >= CHART_MIN.rows) {
      // the chart sits under the state table it plots; the destinations (and the advisor, which
      // the user opened on purpose) keep at least four rows each, or the chart is left out
      const ch = Math.min(CHART_ROWS.max, Math.max(CHART_ROWS.min, Math.floor(lowerRows / 2)));
      if (lowerRows - ch >= CHART_DEST_ROWS * (o.advisor ? 2 : 1)) {
        chart = rect(lowerTop, 0, cols, ch);
        lowerTop += ch;
        lowerRows -= ch;
      }
    }
    if (o.advisor) {
      const half = Math.floor(lowerRows / 2);
      advisor = rect(lowerTop + lowerRows - half, 0, cols, half);
      lowerRows -= half;
    }
    destinations = rect(lowerTop, 0, cols, lowerRows);
  } else {
    // short: room for one panel that can be read, the focused one (Tab switches)
    const area = rect(lowerTop, 0, cols, lowerRows);
    const none = rect(lowerTop, 0, cols, 0);
    if (o.focus === 'alerts') alertLog = area;
    else if (o.focus === 'advisor' && o.advisor) advisor = area;
    destinations = alertLog || advisor ? none : area;
  }
  let help: Rect | undefined;
  if (o.help) {
    const w = Math.min(cols, o.help.width);
    const h = Math.min(rows, o.help.height);
    help = rect(Math.floor((rows - h) / 2), Math.floor((cols - w) / 2), w, h);
  }
  return {
    cols,
    rows,
    tooSmall,
    needs,
    header,
    strip,
    states,
    side,
    destinations,
    advisor,
    alertLog,
    chart,
    footer,
    help,
    stateCols: stateColumns(states.width),
    destCols: destColumns(cols),
  };
}
