import { hostname } from 'node:os';
import { AlertHook } from '../alert-hook.js';
import type { CliOptions } from '../args.js';
import { defaultHistorySize, History, isGap, type HistoryEntry } from '../history.js';
import { Poller } from '../poller.js';
import { AlertEngine } from '../rules/engine.js';
import { createLiveSampler } from '../source/index.js';
import { LineStream } from '../views/line-stream.js';
import { processOptions, recorderFor, setupOf } from './common.js';

/** Live without a terminal: one line (or one JSON document) per tick, until interrupted. */
export async function run(o: CliOptions): Promise<number> {
  const history = new History(o.historySize ?? defaultHistorySize(o.intervalMs));
  const setup = setupOf(o);
  const engine = new AlertEngine(setup.rules);
  const log = (m: string) => process.stderr.write(`tcpwatch: ${m}\n`);
  const hook = setup.onAlert ? new AlertHook(setup.onAlert, setup.onAlertTimeoutMs, log, hostname()) : undefined;
  const recorder = await recorderFor(o);
  const out = new LineStream(o.json, (t) => process.stdout.write(t));
  return new Promise((resolve) => {
    const take = createLiveSampler({ procRoot: o.procRoot, source: o.source, pid: o.pid, ...processOptions(o), maxCpu: o.maxCpu, intervalMs: () => poller.interval });
    const poller = new Poller(take, o.intervalMs, (e: HistoryEntry) => {
      history.push(e);
      if (isGap(e)) {
        recorder?.writeGap(e);
        out.entry(e, []);
        return;
      }
      const update = engine.update(history);
      const { active, raised, cleared } = update;
      // the hook runs in the background, one at a time and time-bounded: sampling never waits for it
      hook?.fireChanges(update);
      recorder?.write(e, active);
      out.entry(e, active, [...cleared, ...raised]);
    });
    const stop = () => {
      poller.stop();
      recorder?.close();
      if (!hook) return resolve(0);
      // let a running hook finish (each run is bounded by its timeout), then end
      const late = setTimeout(() => resolve(0), setup.onAlertTimeoutMs + 1000);
      void hook.idle().then(() => {
        clearTimeout(late);
        resolve(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    poller.start();
  });
}
