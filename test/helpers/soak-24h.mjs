// Soak: 24 hours of samples at the real 2 s interval, made from the real samples of the alert
// scenarios (fixtures/linux/alerts-*: TIME_WAIT overflow, port exhaustion, a CLOSE_WAIT leak) and
// the calm capture (fixtures/linux/states), replayed at full speed through the one monitor, the
// exporter's scrape state (a scrape every 30 s) and the TUI's model (a frame a minute).
// Run with --expose-gc; prints JSON: heap after GC at 2 h and at 24 h, alerts raised and cleared,
// alerts left standing at the end of a calm stretch.
import { Monitor } from '../../dist/monitor/monitor.js';
import { defaultRulesConfig } from '../../dist/rules/config.js';
import { ScrapeState } from '../../dist/serve/scrape-state.js';
import { sampleLinux } from '../../dist/source/linux.js';
import { EMPTY_ALERT_LOG, updateAlertLog } from '../../dist/tui/alert-log.js';
import { buildView, initialUi } from '../../dist/tui/model.js';
import { renderMetrics } from '../../dist/views/prometheus.js';

const hours = Number(process.argv[2] ?? 24);
const INTERVAL = 2000;
const real = async (d) => sampleLinux({ procRoot: new URL(`../../fixtures/linux/${d}/proc`, import.meta.url).pathname });
const calm = await real('states');
const scenario = { tw: await real('alerts-tw'), ports: await real('alerts-ports'), closeWait: await real('alerts-close-wait') };

/** Each hour: ten minutes of TIME_WAIT overflow, of port exhaustion, of a CLOSE_WAIT leak, calm between and after. */
function phaseAt(minute) {
  if (minute < 10) return 'tw';
  if (minute >= 15 && minute < 25) return 'ports';
  if (minute >= 30 && minute < 40) return 'closeWait';
  return 'calm';
}

const ticks = (hours * 3600 * 1000) / INTERVAL;
const t0 = Date.parse('2026-12-01T00:00:00Z');
let i = 0;
const feed = {
  async next() {
    if (i >= ticks) return undefined;
    const time = t0 + i * INTERVAL;
    const phase = phaseAt(Math.floor((i * INTERVAL) / 60_000) % 60);
    i++;
    // now and then the source fails, as a live one does
    if (i % 997 === 0) return { time, gap: true, error: 'soak: source failed' };
    // a fresh object every tick, as a source makes; the counters stay those of one machine
    const s = structuredClone(phase === 'calm' ? calm : scenario[phase]);
    s.time = time;
    s.counters = structuredClone(calm.counters);
    return s;
  },
};

const monitor = new Monitor({ feed, intervalMs: 0, historySize: 1800, rules: defaultRulesConfig() });
const scrape = new ScrapeState('procfs', () => t0 + i * INTERVAL);
monitor.subscribe(scrape.onEvent);
const ui = initialUi(INTERVAL);
let log = EMPTY_ALERT_LOG;
const raised = {};
const cleared = {};
let stuck = 0;
let scrapes = 0;
let frames = 0;
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
let heapAt2h;
let n = 0;
monitor.subscribe((e) => {
  if (e.kind !== 'tick') return;
  n++;
  const { tick } = e;
  for (const a of tick.raised) raised[a.rule] = (raised[a.rule] ?? 0) + 1;
  for (const a of tick.cleared) cleared[a.rule] = (cleared[a.rule] ?? 0) + 1;
  log = updateAlertLog(log, tick.active, tick.entry.time).log;
  // the last tick of each hour ends twenty calm minutes: every alert the data cleared must be gone
  if (n % 1800 === 0 && tick.active.length > 0) stuck++;
  if (n % 15 === 0) {
    renderMetrics({ ...scrape.snapshot(), top: 20 });
    scrapes++;
  }
  if (n % 30 === 0) {
    buildView(e.history, ui, { host: 'soak', kernel: 'k', root: '/proc' }, { seriesLen: 200 });
    frames++;
  }
  if (n === 3600) heapAt2h = heap();
});
const ended = new Promise((resolve) => monitor.subscribe((e) => (e.kind === 'end' || e.kind === 'error') && resolve(e)));
monitor.start();
const last = await ended;
await monitor.stop();
if (last.kind === 'error') throw last.error;
const heapAt24h = heap();
const metrics = renderMetrics({ ...scrape.snapshot(), top: 20 });
console.log(
  JSON.stringify({
    ticks: n,
    scrapes,
    frames,
    raised,
    cleared,
    stuck,
    activeAtEnd: monitor.active().map((a) => a.rule),
    scrapeAlertsAtEnd: scrape.snapshot().alerts.length,
    firingInMetrics: metrics.split('\n').filter((l) => /^tcpwatch_alert_level\{/.test(l) && !/ 0$/.test(l)).length,
    historySize: monitor.history.size,
    heapAt2h,
    heapAt24h,
  }),
);
