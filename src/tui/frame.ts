/** State + history + terminal size -> what the screen draws. Pure. */
import type { History } from '../history.js';
import { chartData, chartPoints, type ChartData } from './chart-model.js';
import { netnsShortName } from '../netns-label.js';
import { computeLayout, computeNetnsLayout, type Layout } from './layout.js';
import { advisorShown, buildView, type HeaderInfo } from './model.js';
import { openedRow, type NetnsView } from './netns-view.js';
import { chartHeading, glanceOf, HELP_SIZE, renderPanels, type PanelText } from './panels.js';
import { helpText, smallNotice } from './panels/help.js';
import { namespacesPanel } from './panels/namespaces.js';
import { footerLine, headerLine, NETNS_LIST_HINTS } from './panels/status-lines.js';
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

/** --all-netns, the list on screen: the header, the ranked namespaces, the footer. */
function netnsFrame(s: TuiState, v: NetnsView, size: { cols: number; rows: number }, c: FrameContext): Frame {
  const layout = computeNetnsLayout(size.cols, size.rows, s.ui.help ? HELP_SIZE : undefined);
  const h = {
    info: { ...c.info, netns: `${v.rows.length} network namespaces` },
    intervalMs: s.ui.intervalMs,
    paused: s.ui.paused,
    family: 'all' as const,
    sampleTime: v.time,
    stale: v.failed !== undefined,
    breakdownAge: undefined,
    source: v.rows.flatMap((r) => ('sample' in r ? [r.sample.source] : []))[0],
    pacedMs: v.pacedMs,
  };
  const notice = s.notice && c.now <= s.notice.until ? s.notice.text : undefined;
  const text: PanelText = {
    header: headerLine(h, layout.header.width, c.theme),
    strip: '',
    states: '',
    side: '',
    destinations: '',
    advisor: undefined,
    alertLog: undefined,
    namespaces: layout.namespaces ? namespacesPanel(v, layout.namespaces, c.theme) : undefined,
    footer: footerLine({ note: s.ui.note, notice, problem: undefined }, layout.footer.width, c.theme, NETNS_LIST_HINTS),
    help: s.ui.help ? helpText(c.theme) : undefined,
    small: layout.tooSmall ? smallNotice(layout) : undefined,
    scroll: {},
  };
  return { layout, text, chart: undefined };
}

export function buildFrame(s: TuiState, history: History, size: { cols: number; rows: number }, c: FrameContext): Frame {
  if (s.netns?.list) return netnsFrame(s, s.netns, size, c);
  const { cols, rows } = size;
  const row = s.netns ? openedRow(s.netns) : undefined;
  const info = row ? { ...c.info, netns: `netns ${netnsShortName(row.netns)}` } : c.info;
  const built = buildView(history, s.ui, info, { seriesLen: cols });
  const vm = s.netns ? { ...built, header: { ...built.header, pacedMs: s.netns.pacedMs } } : built;
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
  const text = renderPanels({ vm, layout, ui: s.ui, log: s.log, pending: s.pending, advice: s.advice, theme: c.theme, notice, netns: s.netns !== undefined });
  const data = layout.chart ? chartData(history, chartPoints(layout.chart.width), s.ui.family) : undefined;
  return { layout, text, chart: data && layout.chart ? { data, title: chartHeading(data, layout.chart.width, c.theme) } : undefined };
}
