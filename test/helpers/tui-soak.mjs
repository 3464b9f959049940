// Soak: many thousands of ticks through the TUI's pure path (history -> view -> panels, alert log)
// at one hour's capacity. Run with --expose-gc; prints JSON with the retained heap before and after.
import { History } from '../../dist/history.js';
import { sampleLinux } from '../../dist/source/linux.js';
import { EMPTY_ALERT_LOG, updateAlertLog } from '../../dist/tui/alert-log.js';
import { computeLayout } from '../../dist/tui/layout.js';
import { buildView, initialUi } from '../../dist/tui/model.js';
import { renderPanels } from '../../dist/tui/panels.js';

const [warm, more] = process.argv.slice(2).map(Number);
const base = await sampleLinux({ procRoot: new URL('../../fixtures/linux/states/proc', import.meta.url).pathname });
const capacity = 1800; // one hour at 2 s
const history = new History(capacity);
const ui = initialUi(2000);
let log = EMPTY_ALERT_LOG;
let maxSeries = 0;
let tick = 0;

function step() {
  tick++;
  // a fresh object every tick, as the source makes, so a leak would keep them all
  const s = structuredClone(base);
  s.time = base.time + tick * 2000;
  s.states.TIME_WAIT = tick % 500;
  if (tick % 97 === 0) history.push({ time: s.time, gap: true, error: 'soak gap' });
  else history.push(s);
  const alerts = tick % 10 < 5 ? [{ rule: 'tw_buckets', level: 'warning', value: 1, limit: 2, since: 0, message: 'm', remedy: 'r' }] : [];
  log = updateAlertLog(log, alerts, s.time).log;
  const vm = buildView(history, ui, { host: 'h', kernel: 'k', root: '/proc' }, { seriesLen: 200 });
  for (const r of vm.states) maxSeries = Math.max(maxSeries, r.series.length);
  renderPanels({ vm, layout: computeLayout(200, 60, { stateRows: vm.states.length + 1, advisor: false }), ui, log, advice: [], theme: { color: true, ascii: false } });
}

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
for (let i = 0; i < warm; i++) step();
const before = heap();
for (let i = 0; i < more; i++) step();
const after = heap();
console.log(JSON.stringify({ ticks: tick, size: history.size, capacity, maxSeries, events: log.events.length, before, after }));
