import type { CliOptions } from '../args.js';
import { loadAlertSetup, type AlertSetup } from '../config-file.js';
import type { Recorder } from '../replay/recorder.js';

/** --processes: the most time the /proc/*\/fd scan may take before it reports partial counts */
export const PROCESS_SCAN_BUDGET_MS = 2000;

export const processOptions = (o: CliOptions) => (o.processes ? { processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: o.top } : {});

export function setupOf(o: CliOptions): AlertSetup {
  return loadAlertSetup({ config: o.config, settings: o.settings, onAlert: o.onAlert, onAlertTimeoutMs: o.onAlertTimeoutMs });
}

/** --record's writer; the replay modules load only when it is asked for. */
export async function recorderFor(o: CliOptions): Promise<Recorder | undefined> {
  if (o.record === undefined) return undefined;
  const { Recorder } = await import('../replay/recorder.js');
  return new Recorder(o.record, o.recordMaxBytes);
}
