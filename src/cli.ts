#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { advise, adviceText } from './advice/index.js';
import { AlertHook } from './alert-hook.js';
import { parseArgs, UsageError, type CliOptions } from './args.js';
import { InputError } from './errors.js';
import { loadAlertSetup, type AlertSetup } from './config-file.js';
import { HELP } from './help.js';
import { defaultHistorySize, History, isGap, type HistoryEntry } from './history.js';
import { Poller } from './poller.js';
import { Recorder } from './replay/recorder.js';
import { runReplay, type ReplayTuiFeed } from './replay/run.js';
import { runServe } from './serve/run.js';
import { sampleCapture } from './source/capture.js';
import { createLiveSampler, createSource } from './source/index.js';
import { describeConfig } from './rules/config.js';
import { AlertEngine } from './rules/engine.js';
import { wantsTui } from './tui/mode.js';
import type { Alert, Sample } from './types.js';
import { adviceToJson } from './views/advice-json.js';
import { checkReport, checkUnknown } from './views/check.js';
import { sampleToJson } from './views/json.js';
import { LineStream } from './views/line-stream.js';
import { promAlertRules, renderPromRules } from './views/prometheus-rules.js';
import { processLines } from './views/processes-table.js';
import { renderTable } from './views/table.js';
import { wrapLines } from './views/wrap.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** check waits this long for a second sample by default, so counter increases (overflows, drops) show. */
const CHECK_WINDOW_MS = 1000;

/** --processes: the most time the /proc/*\/fd scan may take before it reports partial counts */
const PROCESS_SCAN_BUDGET_MS = 2000;

const processOptions = (o: CliOptions) => (o.processes ? { processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: o.top } : {});

function setupOf(o: CliOptions): AlertSetup {
  return loadAlertSetup({ config: o.config, settings: o.settings, onAlert: o.onAlert, onAlertTimeoutMs: o.onAlertTimeoutMs });
}

/**
 * The one-shot modes: one sample, or two `windowMs` apart so rules on counter increases can fire.
 * A level counts at once (samples = 1): there is no later sample to confirm it.
 */
async function oneShot(o: CliOptions, setup: AlertSetup, windowMs: number): Promise<{ sample: Sample; alerts: Alert[] }> {
  const take = o.command === 'analyze' ? () => sampleCapture({ file: o.args[0] as string, format: o.format, portRange: o.portRange }) : createSource({ procRoot: o.procRoot, source: o.source, pid: o.pid, ...processOptions(o) });
  const history = new History(2);
  history.push(await take());
  if (windowMs > 0 && o.command !== 'analyze') {
    await sleep(windowMs);
    history.push(await take());
  }
  const { active } = new AlertEngine({ ...setup.rules, samples: 1 }).update(history);
  return { sample: history.latestSample() as Sample, alerts: active };
}

function report(sample: Sample, alerts: Alert[], o: CliOptions): string {
  return o.json ? `${JSON.stringify(sampleToJson(sample, alerts), null, 2)}\n` : renderTable(sample, alerts, { top: o.top });
}

/** --once and analyze: the report with the alerts in force. */
async function once(o: CliOptions): Promise<number> {
  const { sample, alerts } = await oneShot(o, setupOf(o), o.checkWindowMs ?? 0);
  if (o.record !== undefined) {
    const recorder = new Recorder(o.record, o.recordMaxBytes);
    recorder.write(sample, alerts);
    recorder.close();
  }
  process.stdout.write(report(sample, alerts, o));
  return 0;
}

/** Monitoring-plugin mode: never exits other than 0-3, and says UNKNOWN when it cannot look. */
async function check(o: CliOptions): Promise<number> {
  let result;
  try {
    const setup = setupOf(o);
    const { sample, alerts } = await oneShot(o, setup, o.checkWindowMs ?? CHECK_WINDOW_MS);
    result = checkReport(sample, alerts, setup.rules);
  } catch (err) {
    result = checkUnknown((err as Error).message);
  }
  process.stdout.write(result.text);
  return result.code;
}

async function adviseCommand(o: CliOptions): Promise<number> {
  const { sample, alerts } = await oneShot(o, setupOf(o), o.checkWindowMs ?? 0);
  const a = advise(sample, alerts);
  if (o.json) process.stdout.write(`${JSON.stringify(adviceToJson(a), null, 2)}\n`);
  else process.stdout.write(`${wrapLines(adviceText(a), process.stdout.isTTY ? Math.max(40, process.stdout.columns - 1) : 100).join('\n')}\n`);
  return 0;
}

/** `tcpwatch rules`: the thresholds in force after defaults, --config and --set. */
function rulesCommand(o: CliOptions): number {
  const setup = setupOf(o);
  if (o.prometheus) {
    process.stdout.write(renderPromRules(promAlertRules(setup.rules)));
    return 0;
  }
  const body = o.json ? JSON.stringify({ rules: setup.rules, on_alert: setup.onAlert ?? null, on_alert_timeout_ms: setup.onAlertTimeoutMs }, null, 2) : describeConfig(setup.rules).join('\n');
  process.stdout.write(`${body}\n`);
  return 0;
}

/** Live without a terminal: one line (or one JSON document) per tick, until interrupted. */
function streamLines(o: CliOptions): Promise<number> {
  const history = new History(o.historySize ?? defaultHistorySize(o.intervalMs));
  const setup = setupOf(o);
  const engine = new AlertEngine(setup.rules);
  const log = (m: string) => process.stderr.write(`tcpwatch: ${m}\n`);
  const hook = setup.onAlert ? new AlertHook(setup.onAlert, setup.onAlertTimeoutMs, log, hostname()) : undefined;
  const recorder = o.record !== undefined ? new Recorder(o.record, o.recordMaxBytes) : undefined;
  const out = new LineStream(o.json, (t) => process.stdout.write(t));
  return new Promise((resolve) => {
    let poller: Poller | undefined;
    const take = createLiveSampler({ procRoot: o.procRoot, source: o.source, pid: o.pid, ...processOptions(o), maxCpu: o.maxCpu, intervalMs: () => poller?.interval ?? o.intervalMs });
    poller = new Poller(take, o.intervalMs, (e: HistoryEntry) => {
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
      poller?.stop();
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
    poller?.start();
  });
}

/** The TUI's P: one full sample with its sockets' owners, as the --processes table section. */
async function processesNow(o: CliOptions): Promise<string[]> {
  const s = await createSource({ procRoot: o.procRoot, source: o.source, pid: o.pid, processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: 50 })();
  return s.processes ? processLines(s.processes) : [`Socket owners come from /proc/*/fd: not available from the ${s.source} source.`];
}

/** Live on a terminal: the TUI (loaded only here: blessed is not needed for the other modes). */
async function tui(o: CliOptions, feed?: ReplayTuiFeed): Promise<number> {
  const { runTui, HANGUP_EXIT } = await import('./tui/run.js');
  const setup = setupOf(o);
  const engine = new AlertEngine(setup.rules);
  // the screen owns the terminal: a failing hook shows in its footer, and the first few failures
  // are printed on stderr once it is restored
  const hookFailures: string[] = [];
  let notify = (_message: string): void => undefined;
  const keep = (m: string) => {
    if (hookFailures.length < 10) hookFailures.push(m);
    notify(m);
  };
  const hook = setup.onAlert ? new AlertHook(setup.onAlert, setup.onAlertTimeoutMs, keep, hostname()) : undefined;
  // a replay is not recorded again
  const recorder = o.record !== undefined && !feed ? new Recorder(o.record, o.recordMaxBytes) : undefined;
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
    // a replay has no live processes to look at
    ...(feed ? {} : { processesFor: () => processesNow(o) }),
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

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`tcpwatch ${version()}\n`);
    return 0;
  }
  switch (o.command) {
    case 'analyze':
      return once(o);
    case 'check':
      return check(o);
    case 'advise':
      return adviseCommand(o);
    case 'rules':
      return rulesCommand(o);
    case 'serve': {
      const engine = new AlertEngine(setupOf(o).rules);
      return runServe(o, (h) => engine.update(h).active, (line) => process.stderr.write(`tcpwatch: ${line}\n`));
    }
    case 'replay': {
      const rules = setupOf(o).rules;
      return runReplay(o, {
        engine: () => new AlertEngine(rules),
        render: (s, a) => report(s, a, o),
        write: (t) => process.stdout.write(t),
        warn: (line) => process.stderr.write(`tcpwatch: ${line}\n`),
        ...(wantsTui(Boolean(process.stdout.isTTY), o.json, process.env.TERM) ? { tui: (feed: ReplayTuiFeed) => tui(o, feed) } : {}),
      });
    }
    case 'live':
      if (o.once) return once(o);
      if (wantsTui(Boolean(process.stdout.isTTY), o.json, process.env.TERM)) return tui(o);
      return streamLines(o);
    default:
      throw new UsageError(`${o.command} is not available yet`);
  }
}

/**
 * The terminal hung up (ssh dropped). Node 20 aborts with a core dump when, on exit, it cannot
 * reset a terminal that is gone (nodejs/node#51519, fixed by #58200 in later lines), so end by
 * SIGHUP's default action instead: no exit handlers, status 128+1 as the shell sees it.
 */
function hangUp(): void {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
}

// A reader that goes away (`tcpwatch --json | head -1`) is a normal end, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  if (err.code === 'EIO') return hangUp();
  throw err;
});

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as Error & { exitCode?: number; code?: string };
    // a monitoring system reads stdout and the exit code: bad flags there are UNKNOWN (3)
    if (argv.includes('check') && e instanceof UsageError) {
      const r = checkUnknown(e.message);
      process.stdout.write(r.text);
      process.exitCode = r.code;
      return;
    }
    process.stderr.write(`tcpwatch: ${e.message}\n`);
    const clean = e instanceof InputError;
    process.exitCode = clean ? 2 : (e.exitCode ?? 1);
    if (!(clean || e.code === 'ESOURCE')) {
      process.stderr.write(`${e.stack ?? ''}\n`);
    }
  },
);
