// `npm run bench:netns-live [-- --seconds 120 --budgets 1%,5%]`: the live --all-netns monitor (the
// TUI, in a pseudo-terminal made by `script`) against --max-cpu. As root: 20 namespaces of 500
// sockets each (bench/netns-load.py, deleted at the end), then the monitor's CPU share over 30 s
// (or --seconds) after a 4 s warm-up, once per budget. Rounds the budget spaces out are seconds
// apart: a short window can cut a costly round from the pause that pays for it.
import { fileURLToPath } from 'node:url';
import { load } from './all-netns.mjs';
import { watchLive } from './measure.js';
import { isRoot } from './netns.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNT = 20;
const EACH = 500;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const SECONDS = Number(arg('--seconds', '30'));
const BUDGETS = arg('--budgets', '1%,5%,20%').split(',');
const log = (t) => process.stderr.write(`[bench:netns-live ${new Date().toISOString().slice(11, 19)}] ${t}\n`);

export async function benchLiveAllNetns() {
  if (!isRoot()) {
    log('skipped: needs root (it makes network namespaces)');
    return;
  }
  const prefix = `tcpwatch-bench-live-${process.pid}`;
  log(`building ${COUNT} namespaces x ${EACH} sockets`);
  const stop = await load(prefix, COUNT, EACH);
  const rows = [];
  try {
    for (const budget of BUDGETS) {
      log(`tcpwatch --all-netns --max-cpu ${budget}: ${SECONDS} s`);
      // an 80x24 terminal: the TUI draws what a user sees, and its drawing counts against the budget too
      const r = await watchLive({
        command: 'script',
        args: ['-qfec', `stty cols 80 rows 24; exec node ${ROOT}dist/cli.js --all-netns --interval 2s --max-cpu ${budget}`, '/dev/null'],
        match: 'dist/cli.js',
        seconds: SECONDS,
        cwd: ROOT,
        env: { ...process.env, TERM: 'xterm-256color' },
      });
      rows.push(
        `| ${budget} | ${(100 * r.cpuShare).toFixed(1)} % | ${(100 * r.cpuShareWithStartup).toFixed(1)} % | ${r.rssStartMB.toFixed(0)} / ${r.rssMaxMB.toFixed(0)} | ${100 * r.cpuShare <= Number.parseFloat(budget) ? 'within' : '**over**'} |`,
      );
    }
  } finally {
    await stop();
  }
  const lines = [
    `## Live --all-netns TUI (${new Date().toISOString().slice(0, 10)}, ${COUNT} namespaces x ${EACH} sockets, interval 2 s, ${SECONDS} s after a 4 s warm-up)`,
    '',
    '| --max-cpu | CPU share of one core | with start-up | RSS MB start / max | budget |',
    '|---|---:|---:|---:|---|',
    ...rows,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchLiveAllNetns();
