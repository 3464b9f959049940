// blessed-contrib publishes no typings: only the line chart we use, as its source (lib/widget/charts/line.js) reads.
declare module 'blessed-contrib/lib/widget/charts/line.js' {
  import type { Widgets } from 'blessed';

  interface LineSeries {
    title: string;
    x: string[];
    y: number[];
    style?: { line?: string };
  }

  interface LineOptions extends Widgets.BoxOptions {
    style?: Widgets.Types.TStyle & { line?: string; text?: string; baseline?: string };
    /** a fixed top of the y axis; without it, 1.2 x the largest value */
    maxY?: number;
    minY?: number;
    numYLabels?: number;
    wholeNumbersOnly?: boolean;
    /** y labels as 1.2k, 3m */
    abbreviate?: boolean;
    showLegend?: boolean;
    legend?: { width?: number };
    xPadding?: number;
    xLabelPadding?: number;
    showNthLabel?: number;
  }

  interface LineElement extends Widgets.BoxElement {
    options: LineOptions;
    /** only after the chart is attached to a screen (its canvas is sized then) */
    setData(data: LineSeries[]): void;
    /** blanks the canvas */
    clear(): void;
    /** sets canvasSize (braille dots) from the box size, on attach; the line chart's assumes a border */
    calcSize(): void;
    canvasSize: { width: number; height: number };
  }

  function line(options: LineOptions): LineElement;
  export default line;
}
