/** State + history + terminal size -> what the screen draws. Pure. */
import type { History } from '../history.js';
import { chartData, chartPoints, type ChartData } from './chart-model.js';
import { computeLayout, type Layout } from './layout.js';
import { advisorShown, buildView, type HeaderInfo } from './model.js';
import { chartHeading, glanceOf, HELP_SIZE, renderPanels, type PanelText } from './panels.js';
import type { Theme } from './text.js';
import type { TuiState } from './update.js';

export interface FrameContext {
  info: HeaderInfo;
  theme: Theme;
  /** the terminal can show the line chart (colour and UTF-8) */
  chart: boolean;
  now: number;
}

export interface Frame {
  layout: Layout;
  text: PanelText;
  chart: { data: ChartData; title: string } | undefined;
}

export function buildFrame(s: TuiState, history: History, size: { cols: number; rows: number }, c: FrameContext): Frame {
  const { cols, rows } = size;
  const vm = buildView(history, s.ui, c.info, { seriesLen: cols });
  const glance = glanceOf(s.log, s.pending);
  const layout = computeLayout(cols, rows, {
    stateRows: vm.states.length + 1,
    advisor: advisorShown(s.ui),
    focus: s.ui.focus,
    help: s.ui.help ? HELP_SIZE : undefined,
    chart: c.chart,
    fixLine: glance !== undefined,
  });
  const notice = s.notice && c.now <= s.notice.until ? s.notice.text : undefined;
  const text = renderPanels({ vm, layout, ui: s.ui, log: s.log, pending: s.pending, advice: s.advice, theme: c.theme, notice });
  const data = layout.chart ? chartData(history, chartPoints(layout.chart.width), s.ui.family) : undefined;
  return { layout, text, chart: data && layout.chart ? { data, title: chartHeading(data, layout.chart.width, c.theme) } : undefined };
}
