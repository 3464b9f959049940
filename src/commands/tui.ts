import { hostname, release } from 'node:os';
import { advise, adviceText } from '../advice/index.js';
import { AlertHook } from '../alert-hook.js';
import type { CliOptions } from '../args.js';
import { hangUp } from '../hang-up.js';
import { defaultHistorySize, isGap } from '../history.js';
import type { ReplayTuiFeed } from '../replay/run.js';
import { AlertEngine } from '../rules/engine.js';
import { createLiveSampler, createSource } from '../source/index.js';
import { runTui, HANGUP_EXIT } from '../tui/run.js';
import { processLines } from '../views/processes-table.js';
import { PROCESS_SCAN_BUDGET_MS, recorderFor, setupOf } from './common.js';

/** The TUI's P: one full sample with its sockets' owners, as the --processes table section. */
async function processesNow(o: CliOptions): Promise<string[]> {
  const s = await createSource({ procRoot: o.procRoot, source: o.source, pid: o.pid, processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: 50 })();
  return s.processes ? processLines(s.processes) : [`Socket owners come from /proc/*/fd: not available from the ${s.source} source.`];
}

/** Live on a terminal: the TUI (this module is the only one that loads blessed). */
export async function run(o: CliOptions, feed?: ReplayTuiFeed): Promise<number> {
  const setup = setupOf(o);
  let engine = new AlertEngine(setup.rules);
  // the screen owns the terminal: a failing hook shows in its footer, and the first few failures
  // are printed on stderr once it is restored
  const hookFailures: string[] = [];
  let notify = (_message: string): void => undefined;
  const keep = (m: string) => {
    if (hookFailures.length < 10) hookFailures.push(m);
    notify(m);
  };
  // a replay runs no --on-alert command: its alerts are history, not news to page anyone with
  const hook = setup.onAlert && !feed ? new AlertHook(setup.onAlert, setup.onAlertTimeoutMs, keep, hostname()) : undefined;
  // a replay is not recorded again
  const recorder = feed ? undefined : await recorderFor(o);
  const code = await runTui({
    source: feed ? () => feed.take : (intervalMs) => createLiveSampler({ procRoot: o.procRoot, source: o.source, pid: o.pid, maxCpu: o.maxCpu, intervalMs }),
    intervalMs: feed?.intervalMs ?? o.intervalMs,
    historySize: o.historySize ?? defaultHistorySize(feed?.intervalMs ?? o.intervalMs),
    color: o.color,
    ascii: o.ascii,
    info: feed
      ? { host: feed.host, kernel: feed.kernel ?? '?', root: `replay ${o.args[0] ?? ''}`, replay: true }
      : { host: hostname(), kernel: release(), root: o.procRoot ?? '/proc' },
    alertsFor: (history) => {
      const update = engine.update(history);
      const { active } = update;
      hook?.fireChanges(update);
      const e = history.at(-1);
      if (isGap(e)) recorder?.writeGap(e);
      else if (e) recorder?.write(e, active);
      return active;
    },
    adviceFor: (sample) => (sample ? adviceText(advise(sample, engine.active())) : ['No sample yet.']),
    // a replay has no live processes to look at, and steps and jumps through the recording
    ...(feed
      ? {
          seek: feed.seek,
          resetAlerts: () => {
            engine = new AlertEngine(setup.rules);
          },
        }
      : { processesFor: () => processesNow(o) }),
    bell: o.bell,
    notices: (post) => {
      notify = post;
    },
  });
  recorder?.close();
  // the screen is restored; the terminal may be gone
  if (code === HANGUP_EXIT) hangUp();
  else for (const m of hookFailures) process.stderr.write(`tcpwatch: ${m}\n`);
  return code;
}
