/** The live TUI: wires the poller, history, keys, signals and the screen. */
import { History, type HistoryEntry } from '../history.js';
import type { ReplayMove } from '../replay/controller.js';
import { Poller } from '../poller.js';
import type { Alert, Sample } from '../types.js';
import { EMPTY_ALERT_LOG, ringsBell, updateAlertLog, type AlertLog } from './alert-log.js';
import { chartAllowed, chartData, chartPoints } from './chart-model.js';
import { handleKey } from './keys.js';
import { computeLayout } from './layout.js';
import { buildView, initialUi, type HeaderInfo, type UiState } from './model.js';
import { chartHeading, HELP_SIZE, renderPanels } from './panels.js';
import { createScreen } from './screen.js';

export interface TuiOptions {
  /** makes the sampler, given the interval in force (it changes with + and -) */
  source: (intervalMs: () => number) => () => Promise<Sample>;
  intervalMs: number;
  historySize: number;
  color: boolean;
  ascii: boolean;
  info: HeaderInfo;
  /** the rules (issue #4) */
  alertsFor?: (history: History) => Alert[];
  /** a replay's step and jump keys: moves, and gives the entries to rebuild the history from */
  seek?: (m: ReplayMove, capacity: number) => HistoryEntry[];
  /** before such a rebuild: forget the alerts' state, so they are recomputed as they were */
  resetAlerts?: () => void;
  /** the advisor's text for the newest sample (issue #4) */
  adviceFor?: (sample: Sample | undefined) => string[];
  /** socket owners as text lines (P); a scan of /proc/*\/fd, so only when asked */
  processesFor?: () => Promise<string[]>;
  /** ring the terminal bell when a warning or critical alert appears */
  bell?: boolean;
  /** hands the caller a function that shows a message in the footer (the screen owns stderr) */
  notices?: (post: (message: string) => void) => void;
  /** for tests: streams and TERM other than the process's */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  term?: string;
}

const noAlerts = (): Alert[] => [];
const noAdvice = (): string[] => ['The advisor is not available in this build.'];

/** How long a posted notice stays in the footer. */
const NOTICE_MS = 15_000;

const SIGNAL_EXIT: Record<'SIGTERM' | 'SIGHUP' | 'SIGINT', number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** What runTui resolves to after SIGHUP: the terminal hung up. */
export const HANGUP_EXIT = SIGNAL_EXIT.SIGHUP;

/**
 * Runs until q / Ctrl-C (resolves 0) or a signal (128 + its number). Every way out, including an
 * error, restores the terminal first; an error then rejects so the caller can print it.
 */
export function runTui(o: TuiOptions): Promise<number> {
  const alertsFor = o.alertsFor ?? noAlerts;
  const adviceFor = o.adviceFor ?? noAdvice;
  let history = new History(o.historySize);
  const theme = { color: o.color, ascii: o.ascii };
  const chart = chartAllowed({ ascii: o.ascii, color: o.color, env: process.env });
  let ui: UiState = initialUi(o.intervalMs);
  let log: AlertLog = EMPTY_ALERT_LOG;
  let advice: string[] = adviceFor(undefined);
  let notice: { text: string; until: number } | undefined;

  const screen = createScreen({
    ascii: o.ascii,
    ...(o.input ? { input: o.input } : {}),
    ...(o.output ? { output: o.output } : {}),
    term: o.term,
  });

  return new Promise<number>((resolve, reject) => {
    let done = false;
    const signals: Array<[NodeJS.Signals, () => void]> = [];
    const onUncaught = (err: Error) => finish(err, 1);
    const finish = (err: unknown, code: number) => {
      if (done) return;
      done = true;
      poller.stop();
      for (const [sig, f] of signals) process.removeListener(sig, f);
      process.removeListener('uncaughtException', onUncaught);
      try {
        screen.destroy();
      } catch {
        // the terminal may be gone (SIGHUP after an ssh drop): nothing left to restore
      }
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrown non-Error is worded as String() has always worded it
      if (err !== undefined) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(code);
    };
    const guard =
      <A extends unknown[]>(f: (...a: A) => void) =>
      (...a: A) => {
        try {
          f(...a);
        } catch (err) {
          finish(err, 1);
        }
      };

    const redraw = () => {
      if (done) return;
      const { cols, rows } = screen.size();
      const vm = buildView(history, ui, o.info, { seriesLen: cols });
      const layout = computeLayout(cols, rows, {
        stateRows: vm.states.length + 1,
        advisor: ui.advisor,
        focus: ui.focus,
        help: ui.help ? HELP_SIZE : undefined,
        chart,
      });
      if (notice && Date.now() > notice.until) notice = undefined;
      const text = renderPanels({ vm, layout, ui, log, advice, theme, notice: notice?.text });
      ui = { ...ui, scroll: { ...ui.scroll, ...text.scroll } };
      const data = layout.chart ? chartData(history, chartPoints(layout.chart.width), ui.family) : undefined;
      screen.draw(layout, text, data && layout.chart && { data, title: chartHeading(data, layout.chart.width, theme) });
    };

    /** A replay moved: paused, the history and the alert log rebuilt up to the entry now shown. */
    const seek = (move: ReplayMove) => {
      if (!o.seek) {
        ui = { ...ui, note: 'step and jump keys work in a replay' };
        return;
      }
      // a new poller: the old one may be waiting on a recording's end, which never answers
      poller.stop();
      poller = newPoller();
      poller.setPaused(true);
      poller.start();
      const entries = o.seek(move, o.historySize);
      history = new History(o.historySize);
      o.resetAlerts?.();
      log = EMPTY_ALERT_LOG;
      for (const e of entries) {
        history.push(e);
        log = updateAlertLog(log, alertsFor(history), e.time).log;
      }
      const at = entries.at(-1);
      ui = { ...ui, paused: true, note: at ? `at ${new Date(at.time).toISOString().slice(11, 19)}Z (p plays on)` : undefined };
      advice = adviceFor(history.latestSample());
    };

    const take = o.source(() => ui.intervalMs);
    const newPoller = () =>
      new Poller(
        take,
        ui.intervalMs,
        guard((e) => {
          history.push(e);
          const alerts = alertsFor(history);
          const next = updateAlertLog(log, alerts, e.time);
          log = next.log;
          if ((ui.advisor && !ui.processes) || advice.length === 0) advice = adviceFor(history.latestSample());
          ui = { ...ui, note: undefined };
          redraw();
          if (o.bell && next.fresh.some(ringsBell)) screen.bell();
        }),
      );
    let poller = newPoller();

    screen.onKey(
      guard((key: string) => {
        const r = handleKey(ui, key);
        const wasAdvisor = ui.advisor;
        const wasProcesses = ui.processes;
        ui = r.ui;
        switch (r.effect) {
          case 'quit':
            finish(undefined, 0);
            return;
          case 'pause':
            poller.setPaused(true);
            break;
          case 'resume':
            poller.setPaused(false);
            break;
          case 'interval':
            poller.setInterval(ui.intervalMs);
            break;
          case 'suspend':
            screen.suspend();
            return;
          case 'processes':
            advice = ['Looking up which processes hold the sockets...'];
            void (o.processesFor?.() ?? Promise.resolve(['Socket owners are not available here.'])).then(
              guard((lines: string[]) => {
                if (!ui.processes) return;
                advice = lines;
                redraw();
              }),
              guard((err: unknown) => {
                advice = [`Cannot look up socket owners: ${(err as Error).message}`];
                redraw();
              }),
            );
            break;
          case 'seek':
            if (r.move) seek(r.move);
            break;
          case 'none':
            break;
          default:
            r.effect satisfies never;
        }
        if (ui.advisor && !ui.processes && (!wasAdvisor || wasProcesses)) advice = adviceFor(history.latestSample());
        redraw();
      }),
    );
    screen.onResize(guard(redraw));
    o.notices?.(
      guard((text: string) => {
        notice = { text, until: Date.now() + NOTICE_MS };
        redraw();
      }),
    );
    // our own handlers also keep blessed's from exiting before the terminal is restored
    for (const sig of Object.keys(SIGNAL_EXIT) as Array<keyof typeof SIGNAL_EXIT>) {
      const f = () => finish(undefined, SIGNAL_EXIT[sig]);
      signals.push([sig, f]);
      process.on(sig, f);
    }
    process.on('uncaughtException', onUncaught);

    try {
      redraw();
      poller.start();
    } catch (err) {
      finish(err, 1);
    }
  });
}
