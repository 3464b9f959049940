import type { CliOptions } from '../args.js';
import { DEFAULT_POLICY } from '../budget.js';
import { loadAlertSetup, type AlertSetup } from '../config-file.js';
import { defaultHistorySize } from '../history.js';
import type { Recorder } from '../replay/recorder.js';
import type { SourceOptions } from '../source/index.js';

/** --processes: the most time the /proc/*\/fd scan may take before it reports partial counts */
export const PROCESS_SCAN_BUDGET_MS = 2000;

export const processOptions = (o: CliOptions) => (o.processes ? { processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: o.top } : {});

/** What every source is given from the command line: which machine, namespace and tables. */
/** The live monitor's CPU share: --max-cpu, or the live default (serve has none: its scrapes bound it). */
export const liveMaxCpu = (o: CliOptions): number => o.maxCpu ?? DEFAULT_POLICY.maxCpu;

export const sourceOptions = (o: CliOptions): SourceOptions => ({ procRoot: o.procRoot, source: o.source, pid: o.pid, netns: o.netns, filter: o.filter });

export function setupOf(o: CliOptions): AlertSetup {
  return loadAlertSetup({ config: o.config, settings: o.settings, onAlert: o.onAlert, onAlertTimeoutMs: o.onAlertTimeoutMs });
}

/** History capacity: --history, or one hour at the interval. */
export const capacityOf = (o: CliOptions, intervalMs = o.intervalMs): number => o.historySize ?? defaultHistorySize(intervalMs);

/** --record's writer, telling `log` when it stops and resumes; the replay modules load only when it is asked for. */
export async function recorderFor(o: CliOptions, log?: (message: string) => void): Promise<Recorder | undefined> {
  if (o.record === undefined) return undefined;
  const { Recorder } = await import('../replay/recorder.js');
  return new Recorder(o.record, o.recordMaxBytes, log ? { log } : {});
}

/**
 * Resolves with the first of these signals to arrive. The handlers go right after it, so a second
 * Ctrl-C ends the process at once. Not during the signal's own dispatch: execa's signal-exit,
 * once loaded (by the first --on-alert run), re-raises a signal that no other listener is left
 * to handle, which would kill the process before the monitor stops.
 */
export function firstSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((sig) => {
      const f = () => {
        setImmediate(() => {
          for (const [s, h] of handlers) process.off(s, h);
        });
        resolve(sig);
      };
      process.on(sig, f);
      return [sig, f] as const;
    });
  });
}

/** The width prose is wrapped to on a terminal (its columns, less one); undefined into a pipe or file, so greps see whole lines. */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? Math.max(40, process.stdout.columns - 1) : undefined;
}
