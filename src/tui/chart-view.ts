/** The history chart: a blessed-contrib line chart placed by the layout. Rendering only. */
import blessed, { type Widgets } from 'blessed';
import line from 'blessed-contrib/lib/widget/charts/line.js';
import { chartTop, CHART_Y_LABELS, type ChartData } from './chart-model.js';
import type { Rect } from './layout.js';

export interface ChartView {
  /** Shows `data` in `r` (or removes the chart when either is undefined); returns whether anything changed. */
  update(r: Rect | undefined, data: ChartData | undefined, title: string): boolean;
}

export function createChartView(screen: Widgets.Screen): ChartView {
  let widget: ReturnType<typeof line> | undefined;
  // the title row is ours: contrib's label and legend need a border, drawn in ACS letters on some terminals
  const heading = blessed.box({ parent: screen, tags: true, wrap: false, hidden: true, height: 1 });
  let geometry = '';
  let shownData = '';
  let shownTitle = '';

  const remove = () => {
    widget?.destroy();
    widget = undefined;
    heading.hide();
    geometry = shownData = shownTitle = '';
  };

  return {
    update(r, data, title) {
      if (!r || !data || r.width <= 0 || r.height <= 0) {
        if (!widget) return false;
        remove();
        return true;
      }
      let changed = false;
      const g = `${r.top},${r.left},${r.width},${r.height}`;
      if (g !== geometry) {
        // contrib sizes its canvas once, when attached: a new size needs a new widget
        remove();
        // appended, not given a parent: contrib makes its canvas on 'attach', which a parent fires too early
        Object.assign(heading, { top: r.top, left: r.left, width: r.width });
        heading.setContent(title);
        heading.show();
        widget = line({
          top: r.top + 1,
          left: r.left,
          width: r.width,
          height: r.height - 1,
          // 'normal': the terminal's own colour, readable on dark and light backgrounds
          style: { line: 'yellow', text: 'normal', baseline: 'normal' },
          wholeNumbersOnly: true,
          abbreviate: true,
          numYLabels: CHART_Y_LABELS,
        });
        // borderless, so the canvas may take the whole box (contrib's line chart keeps room for a border)
        widget.calcSize = function (this: ReturnType<typeof line>) {
          this.canvasSize = { width: (this.width as number) * 2 - 2, height: (this.height as number) * 4 };
        };
        screen.append(widget);
        geometry = g;
        shownTitle = title;
        changed = true;
      }
      const w = widget as ReturnType<typeof line>;
      if (title !== shownTitle) {
        heading.setContent(title);
        shownTitle = title;
        changed = true;
      }
      const key = JSON.stringify(data);
      if (key !== shownData) {
        shownData = key;
        changed = true;
        // one point draws no line, and none would leave contrib scaling to NaN
        if (data.labels.length < 2) w.clear();
        else {
          w.options.maxY = chartTop(data.max);
          w.setData(data.series.map((s) => ({ title: s.title, x: data.labels, y: s.values, style: { line: s.color } })));
        }
      }
      return changed;
    },
  };
}
