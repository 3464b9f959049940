/** The live screen's runner: feeds the monitor's events and the keys to update() and performs its effects. */
import { History } from '../history.js';
import { Monitor } from '../monitor/monitor.js';
import { NetnsMonitor } from '../monitor/netns-monitor.js';
import type { Alert, NetnsInfo, Sample } from '../types.js';
import { openedRow } from './netns-view.js';
import { chartAllowed } from './chart-model.js';
import { buildFrame, type FrameContext } from './frame.js';
import type { HeaderInfo } from './model.js';
import { createScreen } from './screen.js';
import { initialTuiState, update, type TuiEffect, type TuiEvent, type TuiState } from './update.js';

export interface TuiOptions {
  /** the pipeline the screen shows and steers (pause, interval, a replay's seek); with --all-netns every namespace's */
  monitor: Monitor | NetnsMonitor;
  color: boolean;
  ascii: boolean;
  info: HeaderInfo;
  /** the advisor's text for the newest sample and the alerts in force */
  adviceFor: (sample: Sample | undefined, alerts: Alert[]) => string[];
  /** socket owners as text lines (P); a scan of /proc/*\/fd, so only when asked; with --all-netns, of the namespace opened */
  processesFor?: (netns: NetnsInfo | undefined) => Promise<string[]>;
  /** ring the terminal bell when a warning or critical alert appears */
  bell?: boolean;
  /** hands the caller a function that shows a message in the footer (the screen owns stderr) */
  notices?: (post: (message: string) => void) => void;
  /** for tests: streams and TERM other than the process's */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  term?: string;
}

const SIGNAL_EXIT: Record<'SIGTERM' | 'SIGHUP' | 'SIGINT', number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** What runTui resolves to after SIGHUP: the terminal hung up. */
export const HANGUP_EXIT = SIGNAL_EXIT.SIGHUP;

/**
 * Runs until q / Ctrl-C (resolves 0) or a signal (128 + its number). Every way out, including an
 * error, pauses the monitor and restores the terminal first; an error then rejects so the caller
 * can print it. The caller stops the monitor (its recording and hook) afterwards.
 */
export function runTui(o: TuiOptions): Promise<number> {
  const { monitor } = o;
  const ctx: Omit<FrameContext, 'now'> = {
    info: o.info,
    theme: { color: o.color, ascii: o.ascii },
    chart: chartAllowed({ ascii: o.ascii, color: o.color, env: process.env }),
  };
  let state: TuiState = initialTuiState(monitor.interval, { bell: o.bell ?? false, canSeek: o.info.replay === true, netns: monitor instanceof NetnsMonitor });
  /** what the usual screen shows: the monitor's history, or that of the namespace opened from the list */
  const history = (): History => {
    if (monitor instanceof Monitor) return monitor.history;
    const opened = state.netns?.opened;
    return (opened !== undefined ? monitor.historyOf(opened) : undefined) ?? new History(1);
  };
  state = { ...state, advice: o.adviceFor(undefined, []) };
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
      monitor.setPaused(true);
      // not during a signal's own dispatch: execa's signal-exit (loaded by --on-alert) re-raises a
      // signal no other listener is left to handle, which would kill us before the caller's cleanup
      setImmediate(() => {
        for (const [sig, f] of signals) process.removeListener(sig, f);
      });
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

    const perform = (e: TuiEffect): void => {
      switch (e.kind) {
        case 'quit':
          return finish(undefined, 0);
        case 'pause':
          return monitor.setPaused(true);
        case 'resume':
          return monitor.setPaused(false);
        case 'interval':
          return monitor.setInterval(e.ms);
        case 'suspend':
          return screen.suspend();
        case 'seek':
          // the monitor answers with a `rebuilt` event
          if (monitor instanceof Monitor) monitor.seek(e.move);
          return;
        case 'advise':
          return dispatch({ kind: 'advice', lines: o.adviceFor(history().latestSample(), state.alerts) });
        case 'processes':
          void (o.processesFor?.(state.netns ? openedRow(state.netns)?.netns : undefined) ?? Promise.resolve(['Socket owners are not available here.'])).then(
            (lines) => dispatch({ kind: 'processes', lines }),
            (err: unknown) => dispatch({ kind: 'processes', lines: [`Cannot look up socket owners: ${(err as Error).message}`] }),
          );
          return;
        case 'bell':
          return screen.bell();
        case 'redraw': {
          const f = buildFrame(state, history(), screen.size(), { ...ctx, now: Date.now() });
          dispatch({ kind: 'drawn', scroll: f.text.scroll });
          screen.draw(f.layout, f.text, f.chart);
          return;
        }
        default:
          return e satisfies never;
      }
    };

    /** Every input goes through here; an exception ends the screen (restored) and rejects. */
    function dispatch(ev: TuiEvent): void {
      if (done) return;
      try {
        const r = update(state, ev);
        state = r.state;
        for (const e of r.effects) if (!done) perform(e);
      } catch (err) {
        finish(err, 1);
      }
    }

    if (monitor instanceof Monitor) {
      monitor.subscribe((e) => {
        if (e.kind === 'tick') dispatch({ kind: 'tick', tick: e.tick });
        else if (e.kind === 'rebuilt') dispatch({ kind: 'rebuilt', ticks: e.ticks });
        else if (e.kind === 'error') finish(e.error, 1);
      });
    } else {
      monitor.subscribe((e) => {
        if (e.kind === 'round') dispatch({ kind: 'round', time: e.time, namespaces: e.namespaces, warnings: e.warnings, pacedMs: e.pacedMs });
        else if (e.kind === 'failed') dispatch({ kind: 'round-failed', gap: e.gap });
        else finish(e.error, 1);
      });
    }
    screen.onKey((key) => dispatch({ kind: 'key', key }));
    screen.onResize(() => dispatch({ kind: 'resize' }));
    o.notices?.((text) => dispatch({ kind: 'notice', text, now: Date.now() }));
    // our own handlers also keep blessed's from exiting before the terminal is restored
    for (const sig of Object.keys(SIGNAL_EXIT) as Array<keyof typeof SIGNAL_EXIT>) {
      const f = () => finish(undefined, SIGNAL_EXIT[sig]);
      signals.push([sig, f]);
      process.on(sig, f);
    }
    process.on('uncaughtException', onUncaught);
    dispatch({ kind: 'resize' });
    monitor.start();
  });
}
