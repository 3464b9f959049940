#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError, type CliOptions } from './args.js';
import { HELP } from './help.js';
import { defaultHistorySize, History, isGap, type HistoryEntry } from './history.js';
import { Poller } from './poller.js';
import { Recorder } from './replay/recorder.js';
import { RecordingError } from './replay/recording-file.js';
import { runReplay } from './replay/run.js';
import { runServe } from './serve/run.js';
import { CaptureError, sampleCapture } from './source/capture.js';
import { createLiveSampler, createSource } from './source/index.js';
import type { Alert, Sample } from './types.js';
import { sampleToJson } from './views/json.js';
import { LineStream } from './views/line-stream.js';
import { renderPromRules } from './views/prometheus-rules.js';
import { renderTable } from './views/table.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Alerts for a sample; the rules engine fills this in. */
function alertsFor(_history: History): Alert[] {
  return [];
}

/** --processes: the most time the /proc/*\/fd scan may take before it reports partial counts */
const PROCESS_SCAN_BUDGET_MS = 2000;

const processOptions = (o: CliOptions) => (o.processes ? { processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: o.top } : {});

function report(sample: Sample, alerts: Alert[], o: CliOptions): string {
  return o.json ? `${JSON.stringify(sampleToJson(sample, alerts), null, 2)}\n` : renderTable(sample, alerts, { top: o.top });
}

async function once(o: CliOptions): Promise<number> {
  const sample = await createSource({ procRoot: o.procRoot, pid: o.pid, ...processOptions(o) })();
  const history = new History(1);
  history.push(sample);
  const alerts = alertsFor(history);
  if (o.record !== undefined) {
    const recorder = new Recorder(o.record, o.recordMaxBytes);
    recorder.write(sample, alerts);
    recorder.close();
  }
  process.stdout.write(report(sample, alerts, o));
  return 0;
}

async function analyze(o: CliOptions): Promise<number> {
  const sample = await sampleCapture({ file: o.args[0] as string, format: o.format, portRange: o.portRange });
  const history = new History(1);
  history.push(sample);
  process.stdout.write(report(sample, alertsFor(history), o));
  return 0;
}

/** Live without a terminal: one line (or one JSON document) per tick, until interrupted. */
function streamLines(o: CliOptions): Promise<number> {
  const history = new History(o.historySize ?? defaultHistorySize(o.intervalMs));
  const recorder = o.record !== undefined ? new Recorder(o.record, o.recordMaxBytes) : undefined;
  const out = new LineStream(o.json, (t) => process.stdout.write(t));
  return new Promise((resolve) => {
    let poller: Poller | undefined;
    const take = createLiveSampler({ procRoot: o.procRoot, pid: o.pid, ...processOptions(o), maxCpu: o.maxCpu, intervalMs: () => poller?.interval ?? o.intervalMs });
    poller = new Poller(take, o.intervalMs, (e: HistoryEntry) => {
      history.push(e);
      const alerts = isGap(e) ? [] : alertsFor(history);
      if (isGap(e)) recorder?.writeGap(e);
      else recorder?.write(e, alerts);
      out.entry(e, alerts);
    });
    const stop = () => {
      poller?.stop();
      recorder?.close();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    poller?.start();
  });
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
      return analyze(o);
    case 'live':
      if (o.once) return once(o);
      return streamLines(o);
    case 'serve':
      return runServe(o, alertsFor, (line) => process.stderr.write(`tcpwatch: ${line}\n`));
    case 'replay':
      return runReplay(o, {
        alertsFor,
        render: (s, a) => report(s, a, o),
        write: (t) => process.stdout.write(t),
        warn: (line) => process.stderr.write(`tcpwatch: ${line}\n`),
      });
    case 'rules':
      process.stdout.write(renderPromRules());
      return 0;
    default:
      throw new UsageError(`${o.command} is not available yet`);
  }
}

// A reader that goes away (`tcpwatch --json | head -1`) is a normal end, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as Error & { exitCode?: number; code?: string };
    process.stderr.write(`tcpwatch: ${e.message}\n`);
    process.exitCode = e instanceof UsageError || e instanceof CaptureError || e instanceof RecordingError ? 2 : (e.exitCode ?? 1);
    if (!(e instanceof UsageError || e instanceof CaptureError || e instanceof RecordingError || e.code === 'ESOURCE')) {
      process.stderr.write(`${e.stack ?? ''}\n`);
    }
  },
);
