/** blessed rendering only: boxes placed by the layout, filled with panel text, one render per change. */
import blessed from 'blessed';
import type { ChartData } from './chart-model.js';
import { createChartView } from './chart-view.js';
import type { Layout, Rect } from './layout.js';
import type { PanelText } from './panels.js';

type PanelId = Exclude<keyof PanelText, 'help' | 'small' | 'scroll'>;
const PANELS: PanelId[] = ['header', 'strip', 'states', 'side', 'destinations', 'advisor', 'alertLog', 'namespaces', 'footer'];

export interface ScreenOptions {
  ascii: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** TERM of the user's terminal (default: process.env.TERM) */
  term?: string | undefined;
}

export interface TuiScreen {
  size(): { cols: number; rows: number };
  /** Sets what changed and renders once; returns whether anything was drawn. */
  draw(layout: Layout, text: PanelText, chart?: { data: ChartData; title: string }): boolean;
  onKey(cb: (key: string) => void): void;
  onResize(cb: () => void): void;
  bell(): void;
  /** Ctrl-Z: gives the terminal back and stops the process; redraws on `fg` (SIGCONT). */
  suspend(): void;
  /** Leaves the alternate screen, shows the cursor, ends raw mode. Safe to call twice. */
  destroy(): void;
}

/**
 * blessed reads only the old terminfo format and prints errors over the display for some modern
 * entries (docs/stack-notes.md): terminals that are xterm-compatible are driven as plain xterm-256color.
 */
export function terminalFor(term: string | undefined): string {
  const t = term ?? 'xterm';
  return /-256color$|^tmux|^screen/.test(t) ? 'xterm-256color' : t;
}

/**
 * Runs `f` with console.error silenced. blessed cannot parse the new (32-bit) terminfo format
 * Debian writes: it prints the failed capability to stderr, over the display, then falls back
 * to its own bundled xterm entry, which works. The noise is dropped; the fallback is kept.
 */
function quietly<T>(f: () => T): T {
  const saved = console.error;
  console.error = () => {};
  try {
    return f();
  } finally {
    console.error = saved;
  }
}

export function createScreen(o: ScreenOptions): TuiScreen {
  const input = o.input ?? process.stdin;
  const program = quietly(() =>
    blessed.program({
      input,
      output: o.output ?? process.stdout,
      terminal: terminalFor(o.term ?? process.env.TERM),
      extended: false,
    } as blessed.Widgets.IScreenOptions),
  );
  const screen = blessed.screen({
    program,
    forceUnicode: !o.ascii,
    fullUnicode: false,
    resizeTimeout: 100,
    warnings: false,
    autoPadding: false,
    title: 'tcpwatch',
  });
  const boxes = new Map<PanelId | 'help' | 'small', blessed.Widgets.BoxElement>();
  const box = (id: PanelId | 'help' | 'small', extra: blessed.Widgets.BoxOptions = {}) => {
    const b = blessed.box({ parent: screen, tags: true, wrap: false, hidden: true, ...extra });
    boxes.set(id, b);
    return b;
  };
  for (const id of PANELS) box(id);
  const help = box('help');
  const small = box('small');
  const chartView = createChartView(screen);
  const shown = new Map<string, string>();
  let lastGeometry = '';
  let destroyed = false;
  let suspended = false;
  const setRaw = (on: boolean) => (input as NodeJS.ReadStream).setRawMode?.(on);

  const place = (b: blessed.Widgets.BoxElement, r: Rect | undefined, content: string | undefined, key: string): boolean => {
    if (!r || content === undefined || r.height <= 0 || r.width <= 0) {
      if (b.hidden) return false;
      b.hide();
      shown.delete(key);
      return true;
    }
    let changed = false;
    if (b.hidden) {
      b.show();
      changed = true;
    }
    if (b.top !== r.top || b.left !== r.left || b.width !== r.width || b.height !== r.height) {
      Object.assign(b, { top: r.top, left: r.left, width: r.width, height: r.height });
      changed = true;
    }
    if (shown.get(key) !== content) {
      b.setContent(content);
      shown.set(key, content);
      changed = true;
    }
    return changed;
  };

  return {
    size: () => ({ cols: screen.width as number, rows: screen.height as number }),
    draw(layout, text, chart) {
      if (destroyed) return false;
      let changed = false;
      const geometry = `${layout.cols}x${layout.rows}`;
      if (geometry !== lastGeometry) {
        lastGeometry = geometry;
        changed = true;
      }
      if (layout.tooSmall) {
        for (const id of PANELS) changed = place(boxes.get(id) as blessed.Widgets.BoxElement, id === 'header' ? layout.header : undefined, text.header, id) || changed;
        changed = place(help, undefined, undefined, 'help') || changed;
        changed = place(small, { top: 1, left: 0, width: layout.cols, height: layout.rows - 1 }, text.small, 'small') || changed;
        changed = chartView.update(undefined, undefined, '') || changed;
      } else {
        changed = place(small, undefined, undefined, 'small') || changed;
        for (const id of PANELS) changed = place(boxes.get(id) as blessed.Widgets.BoxElement, layout[id], text[id], id) || changed;
        changed = chartView.update(layout.chart, chart?.data, chart?.title ?? '') || changed;
        changed = place(help, layout.help, text.help, 'help') || changed;
        if (text.help !== undefined) help.setFront();
      }
      if (changed && !suspended) screen.render();
      return changed;
    },
    onKey(cb) {
      screen.on('keypress', (ch: string | undefined, key: { full?: string } | undefined) => {
        const name = key?.full;
        // printable keys come as the character ('+', '?'); special ones by name ('tab', 'C-c')
        cb(name && name.length > 1 ? name : (ch ?? name ?? ''));
      });
    },
    onResize(cb) {
      screen.on('resize', cb);
    },
    bell() {
      if (!destroyed) program.bell();
    },
    suspend() {
      if (destroyed || suspended) return;
      suspended = true;
      // by hand, not blessed's sigtstp: that one silences the output before its own buffered
      // leave-the-alternate-screen is flushed, and stays frozen where the stop is refused
      program.normalBuffer();
      program.showCursor();
      program.flush();
      setRaw(false);
      process.kill(process.pid, 'SIGTSTP');
      // Stopped, this runs after `fg`. Where no shell does job control (an orphaned process
      // group, e.g. `ssh -t host tcpwatch`) the kernel drops the stop and it runs at once.
      setTimeout(() => {
        suspended = false;
        if (destroyed) return;
        setRaw(true);
        program.alternateBuffer();
        program.hideCursor();
        screen.alloc();
        screen.render();
      }, 50);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      screen.destroy();
    },
  };
}
