// Memory over many ticks: drives the live monitor's path (source -> Monitor: history, rules -> line view)
// back to back, without the 2 s wait, over a /proc tree made from the real capture in
// fixtures/linux/states with its tcp/tcp6 tables replaced by synthetic ones of --rows rows.
// Prints one JSON line per checkpoint (tick, rssMB, heapMB, seconds) and a summary line.
//   node --expose-gc bench/ticks.js [--ticks 10000] [--rows 10k]      (run `npm run build` first)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseCount, synthesizeToDir } from './synth.js';

const { createSource } = await import('../dist/source/index.js');
const { defaultHistorySize, isGap } = await import('../dist/history.js');
const { liveFeed } = await import('../dist/monitor/feed.js');
const { Monitor } = await import('../dist/monitor/monitor.js');
const { defaultRulesConfig } = await import('../dist/rules/config.js');
const { sampleLine } = await import('../dist/views/lines.js');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ticks = parseCount(arg('--ticks', '10000'));
const rows = parseCount(arg('--rows', '10k'));

const root = mkdtempSync(join(tmpdir(), 'tcpwatch-ticks-'));
cpSync(fileURLToPath(new URL('../fixtures/linux/states/proc', import.meta.url)), root, { recursive: true });
synthesizeToDir(join(root, 'net'), rows);

const checkpoints = new Set([1, 10, 100, 1000, Math.round(ticks / 4), Math.round(ticks / 2), Math.round((3 * ticks) / 4), ticks]);
const mb = (n) => Math.round((n / 1048576) * 10) / 10;
const report = [];
// what the monitor keeps at 2 s ticks, sampled back to back
const monitor = new Monitor({ feed: liveFeed(createSource({ procRoot: root })), intervalMs: 0, historySize: defaultHistorySize(2000), rules: defaultRulesConfig() });
const history = monitor.history;
let n = 0;
let chars = 0;
let gaps = 0;
const t0 = performance.now();
await new Promise((resolve) => {
  monitor.subscribe((ev) => {
    if (ev.kind !== 'tick') return;
    const e = ev.tick.entry;
    if (isGap(e)) gaps++;
    else chars += sampleLine(e, ev.tick.active).length;
    n++;
    if (checkpoints.has(n)) {
      // with --expose-gc the heap is what is kept, not what awaits collection
      globalThis.gc?.();
      const m = process.memoryUsage();
      const point = { tick: n, rssMB: mb(m.rss), heapMB: mb(m.heapUsed), seconds: Math.round((performance.now() - t0) / 100) / 10 };
      report.push(point);
      process.stdout.write(`${JSON.stringify(point)}\n`);
    }
    if (n >= ticks) {
      void monitor.stop();
      resolve();
    }
  });
  monitor.start();
});
rmSync(root, { recursive: true, force: true });
const rss = report.map((p) => p.rssMB);
process.stdout.write(`${JSON.stringify({ summary: true, ticks: n, rows, gaps, historySize: history.size, chars, minRssMB: Math.min(...rss), maxRssMB: Math.max(...rss) })}\n`);
