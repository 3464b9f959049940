/** History -> the data of the history chart (a blessed-contrib line chart). Pure. */
import { isGap, type History } from '../history.js';
import { countsOf, type FamilyFilter } from './model.js';

/** The states the chart plots, with the colour of each line. */
export const CHART_STATES = [
  { state: 'TIME_WAIT', color: 'yellow' },
  { state: 'ESTABLISHED', color: 'green' },
  { state: 'CLOSE_WAIT', color: 'red' },
] as const;

export interface ChartSeries {
  title: string;
  color: string;
  /** one value per real sample in view, oldest first */
  values: number[];
}

export interface ChartData {
  /** x labels: the time of each real sample in view (UTC, HH:MM:SS) */
  labels: string[];
  series: ChartSeries[];
  /** failed ticks inside the window: skipped, so no line dips to zero */
  gaps: number;
  /** the largest value plotted (0 with no samples) */
  max: number;
}

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * The newest `points` history entries (samples and gaps) as chart series. Gaps are left out
 * rather than drawn: contrib's line chart joins every point it is given, and a NaN or a zero
 * would draw a false drop. The count of gaps left out is returned for the panel's title.
 */
export function chartData(h: History, points: number, family: FamilyFilter): ChartData {
  const labels: string[] = [];
  const values: number[][] = CHART_STATES.map(() => []);
  let gaps = 0;
  let max = 0;
  for (let i = Math.max(0, h.size - Math.max(0, points)); i < h.size; i++) {
    const e = h.at(i);
    if (!e) continue;
    if (isGap(e)) {
      gaps++;
      continue;
    }
    labels.push(hhmmss(e.time));
    const counts = countsOf(e, family);
    CHART_STATES.forEach(({ state }, k) => {
      const v = counts[state] ?? 0;
      values[k]?.push(v);
      if (v > max) max = v;
    });
  }
  return {
    labels,
    series: CHART_STATES.map(({ state, color }, k) => ({ title: state, color, values: values[k] ?? [] })),
    gaps,
    max,
  };
}

/** How many samples fit a chart panel `width` columns wide: one per column of plot area. */
export function chartPoints(width: number): number {
  // contrib's plot starts after the y labels and padding (about 8 columns) inside the border
  return Math.max(2, width - 10);
}

/** Labels on the chart's y axis. */
export const CHART_Y_LABELS = 5;

/**
 * The top of the y axis: headroom over the largest value, and a multiple of the label count so
 * every label is a whole number. Fixed by us because contrib divides by its own top (0 with no load).
 */
export function chartTop(max: number): number {
  return Math.max(CHART_Y_LABELS, Math.ceil((max * 1.2) / CHART_Y_LABELS) * CHART_Y_LABELS);
}

/** What the chart spans and, when any are in view, the failed ticks left out (not drawn as zeros). */
export function chartSpan(d: ChartData): string {
  const span = d.labels.length > 0 ? `${d.labels[0]}-${d.labels[d.labels.length - 1]}Z, ${d.labels.length} samples` : 'waiting for samples';
  const gaps = d.gaps > 0 ? ` (${d.gaps} failed tick${d.gaps === 1 ? '' : 's'} skipped)` : '';
  return `${span}${gaps}`;
}

/**
 * Whether the braille chart can be shown: it needs UTF-8 (the dots are U+2800..), and colour to
 * tell its three lines apart. Otherwise the text panels alone stay, as at 80x24.
 */
export function chartAllowed(o: { ascii: boolean; color: boolean; env: Record<string, string | undefined> }): boolean {
  if (o.ascii || !o.color) return false;
  const locale = o.env.LC_ALL || o.env.LC_CTYPE || o.env.LANG || '';
  return /utf-?8/i.test(locale);
}
