#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError, type CliOptions } from './args.js';
import { HELP } from './help.js';
import { defaultHistorySize, History, isGap, type HistoryEntry } from './history.js';
import { Poller } from './poller.js';
import { CaptureError, sampleCapture } from './source/capture.js';
import { createLiveSampler, createSource } from './source/index.js';
import type { Alert, Sample } from './types.js';
import { sampleToJson } from './views/json.js';
import { gapLine, linesHeader, sampleLine } from './views/lines.js';
import { renderTable } from './views/table.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Alerts for a sample; the rules engine fills this in. */
function alertsFor(_history: History): Alert[] {
  return [];
}

function report(sample: Sample, alerts: Alert[], o: CliOptions): string {
  return o.json ? `${JSON.stringify(sampleToJson(sample, alerts), null, 2)}\n` : renderTable(sample, alerts, { top: o.top });
}

async function once(o: CliOptions): Promise<number> {
  const sample = await createSource({ procRoot: o.procRoot })();
  const history = new History(1);
  history.push(sample);
  process.stdout.write(report(sample, alertsFor(history), o));
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
  let lines = 0;
  return new Promise((resolve) => {
    let poller: Poller | undefined;
    const take = createLiveSampler({ procRoot: o.procRoot, maxCpu: o.maxCpu, intervalMs: () => poller?.interval ?? o.intervalMs });
    poller = new Poller(take, o.intervalMs, (e: HistoryEntry) => {
      history.push(e);
      if (isGap(e)) {
        process.stdout.write(`${o.json ? JSON.stringify({ time: new Date(e.time).toISOString(), error: e.error }) : gapLine(e.time, e.error)}\n`);
        return;
      }
      const alerts = alertsFor(history);
      if (o.json) process.stdout.write(`${JSON.stringify(sampleToJson(e, alerts))}\n`);
      else {
        if (lines % 20 === 0) process.stdout.write(`${linesHeader()}\n`);
        process.stdout.write(`${sampleLine(e, alerts)}\n`);
      }
      lines++;
    });
    const stop = () => {
      poller?.stop();
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
    process.exitCode = e instanceof UsageError || e instanceof CaptureError ? 2 : (e.exitCode ?? 1);
    if (!(e instanceof UsageError || e instanceof CaptureError || e.code === 'ESOURCE')) {
      process.stderr.write(`${e.stack ?? ''}\n`);
    }
  },
);
