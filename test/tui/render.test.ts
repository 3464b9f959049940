// Panel text, sparklines, cell helpers and the alert log: pure, no terminal.
import { beforeAll, describe, expect, it } from 'vitest';
import { History } from '../../src/history.js';
import { sampleLinux } from '../../src/source/linux.js';
import { EMPTY_ALERT_LOG, ringsBell, updateAlertLog, worstLevel } from '../../src/tui/alert-log.js';
import { computeLayout } from '../../src/tui/layout.js';
import { buildView, initialUi, type UiState } from '../../src/tui/model.js';
import { glanceOf, HELP_SIZE, renderPanels } from '../../src/tui/panels.js';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import type { Pending } from '../../src/rules/engine.js';
import { HELP_LINES, smallNotice } from '../../src/tui/panels/help.js';
import { wrap } from '../../src/wrap.js';
import { deltaText, rateText } from '../../src/tui/panels/values.js';
import { sparkline } from '../../src/tui/sparkline.js';
import { clean, escapeTags, fit, fitMiddle, tag } from '../../src/tui/text.js';
import type { Alert, Sample } from '../../src/types.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
let base: Sample;
beforeAll(async () => {
  base = await sampleLinux({ procRoot: PROC });
});

const alert = (rule: Alert['rule'], level: Alert['level'], subject?: string): Alert => ({ rule, level, value: 1, limit: 2, since: 0, message: `${rule} is ${level}`, remedy: 'r', ...(subject ? { subject } : {}) });

/** Panel text with the tags stripped, as a person reads it. */
function render(h: History, cols: number, rows: number, ui: Partial<UiState> = {}, color = false) {
  const u = { ...initialUi(2000), ...ui };
  const vm = buildView(h, u, { host: 'proxy-1', kernel: '6.1.0', root: '/proc' }, { seriesLen: cols });
  const layout = computeLayout(cols, rows, { stateRows: vm.states.length + 1, advisor: u.advisor });
  const text = renderPanels({ vm, layout, ui: u, log: EMPTY_ALERT_LOG, advice: ['advice'], theme: { color, ascii: false } });
  const plain = (s: string | undefined) =>
    (s ?? '')
      .replace(/\{\/?[a-z-]+\}/g, '')
      .replace(/\{open\}/g, '{')
      .replace(/\{close\}/g, '}');
  return { text, plain, layout };
}

describe('panels', () => {
  it('every line of every panel fits its panel at 80x24 and 160x50', () => {
    const h = new History(10);
    h.push(base);
    for (const [cols, rows] of [
      [80, 24],
      [160, 50],
      [60, 22],
    ] as const) {
      const { text, plain, layout } = render(h, cols, rows);
      for (const id of ['header', 'strip', 'states', 'side', 'destinations', 'footer'] as const) {
        const lines = plain(text[id]).split('\n');
        expect(lines.length, id).toBeLessThanOrEqual(layout[id].height);
        for (const l of lines) expect(l.length, `${id} at ${cols}: ${l}`).toBeLessThanOrEqual(layout[id].width);
      }
    }
  });

  it('the state table reads like the netstat one-liner, plus change and history', () => {
    const h = new History(10);
    h.push(base);
    const { text, plain } = render(h, 80, 24);
    const lines = plain(text.states).split('\n');
    expect(lines[0]).toMatch(/^STATE\s+COUNT\s+\/s\s+SHARE HISTORY/);
    expect(lines[1]).toMatch(/^TIME_WAIT\s+6\s+-\s+14\.6%\s+█$/);
    expect(lines.at(-1)).toMatch(/^TOTAL\s+41\s+-\s+100\.0%/);
  });

  it('the header: host, kernel, root, interval, LIVE or PAUSED, the sample time', () => {
    const h = new History(10);
    h.push(base);
    const at = new Date(base.time).toISOString().slice(11, 19);
    expect(
      render(h, 160, 50)
        .plain(render(h, 160, 50).text.header)
        .trim(),
    ).toBe(`tcpwatch  proxy-1  kernel 6.1.0  /proc  every 2s  LIVE  at ${at}Z  IPv4+IPv6`);
    const r = render(h, 60, 22, { paused: true });
    const line = r.plain(r.text.header);
    expect(line).toContain('PAUSED');
    expect(line).toContain(at); // the least useful pieces go first when narrow
    expect(line).not.toContain('kernel');
  });

  it('a failed tick: the footer keeps the start and the reason of a long error', () => {
    const h = new History(10);
    h.push(base);
    h.push({ time: base.time + 2000, gap: true, error: `cannot read the TCP table: /${'x'.repeat(80)}/net/tcp: not found` });
    const { text, plain } = render(h, 80, 24, { note: 'interval 5s' });
    const f = plain(text.footer);
    expect(f).toMatch(/^no sample at \d\d:\d\d:\d\dZ \(showing.*~.*net\/tcp: not found \? help$/);
    expect(text.footer).toContain('{inverse}{bold}'); // critical without colour: inverse
    expect(plain(text.header)).toMatch(/STALE, last good/);
  });

  it('the answer to a key outranks a partial-read warning', () => {
    const h = new History(10);
    h.push({ ...base, warnings: ['5 repeated row(s) dropped'] });
    expect(render(h, 80, 24).plain(render(h, 80, 24).text.footer)).toMatch(/^5 repeated row\(s\) dropped\s+\? help$/);
    const r = render(h, 80, 24, { note: 'interval 5s' });
    expect(r.plain(r.text.footer).trim()).toBe('interval 5s');
  });

  it('the destinations table: sort marked, addresses from the sample, IPv6 bracketed', () => {
    const h = new History(10);
    h.push(base);
    const { text, plain } = render(h, 80, 24, { sort: 'timewait' });
    const lines = plain(text.destinations).split('\n');
    expect(lines[0]).toMatch(/^>DESTINATIONS by TIME_WAIT {2}1-6 of 9/);
    expect(lines[1]).toContain('TIME_WAIT*');
    expect(lines[2]).toMatch(/^127\.0\.0\.1\s+127\.0\.0\.1:8080\s+7\s+4\s+3\s+0$/);
    expect(lines[3]).toMatch(/^::1\s+\[::1\]:8081\s+4\s+2\s+2\s+0$/);
  });

  it('a wide destinations table adds NEW/S and FULL IN from the TIME_WAIT timers; at 80 columns they give way', () => {
    const h = new History(10);
    h.push(base);
    const wide = render(h, 160, 40, { sort: 'timewait' });
    const lines = wide
      .plain(wide.text.destinations)
      .split('\n')
      .map((l) => l.trimEnd());
    expect(lines[1]).toMatch(/NEW\/S\s+FULL IN$/);
    const d = base.destinations.find((x) => x.remotePort === 8080);
    expect(d?.rates).toBeDefined();
    // the fixture's 4 TIME_WAIT toward :8080 make a rate the text says as --once does
    expect(lines[2]).toMatch(new RegExp(`127\\.0\\.0\\.1:8080\\s+7\\s+4\\s+3\\s+0\\s+${d?.rates?.newPerSecond}/s\\s+never$`));
    const narrow = render(h, 80, 24);
    expect(narrow.plain(narrow.text.destinations).split('\n')[1]).not.toContain('NEW/S');
  });

  it('the ports gauge says its destination, rate and fill time, and the last seconds as a sparkline, at every width', () => {
    const d = base.destinations[0] as Sample['destinations'][number];
    // 60 new connections in each of the last 12 s toward one destination, 730 of 1,000 ports held
    const ages = Array.from({ length: 60 }, (_, i) => (i < 12 ? 60 : 0));
    const busy = { ...d, remote: '10.0.0.9', remotePort: 20000, portsInUse: 730, rates: { newPerSecond: 60, fullInSeconds: 4.5, timeWaitAges: ages, basis: 'timers' as const } };
    const h = new History(10);
    h.push({ ...base, limits: { ...base.limits, ephemeral_ports: 1000 }, destinations: [busy] });
    const side = (cols: number, rows: number) => {
      const r = render(h, cols, rows);
      return r.plain(r.text.side).split('\n');
    };
    const at80 = side(80, 24);
    expect(at80[1]?.trimEnd()).toBe('ports 73.0% -> 10.0.0.9:20000');
    expect(at80[2]).toMatch(/^\[█+░+\] 730\/1,000$/);
    // twelve busy seconds at the right, the quiet before them at the left
    expect(at80[3]).toBe(`60/s  full in 5 s ${'█'.repeat(12)}`);
    // the tw_buckets gauge folds to one line, so every counter rate still fits
    expect(at80[0]).toMatch(/^TIME_WAIT 0\.0% \[░+\] 7\/131,072$/);
    expect(at80.at(-1)).toMatch(/^listen overflows/);
    const wide = side(160, 50)[3] ?? '';
    expect(wide).toMatch(/^60\/s {2}full in 5 s ▁+█{12}$/);
    // narrow: one line per gauge, the label shortened before any figure is cut
    expect(side(60, 22)[1]?.trimEnd()).toBe('ports 73.0% 730/1,000 -> 10.0.0.9:20000  60/s  full in 5 s');
    // an IPv6 destination is cut in its middle, never the percentage
    const v6 = { ...busy, remote: '2001:db8:1234:5678:9abc:def0:1234:5678' };
    h.push({ ...base, limits: { ...base.limits, ephemeral_ports: 1000 }, destinations: [v6] });
    expect(side(80, 24)[1]).toBe('ports 73.0% -> [2001:d~]:20000');
  });

  it('at the tw_buckets limit the rate line says what the kernel kept out of TIME_WAIT, not "never fills"', () => {
    const d = base.destinations[0] as Sample['destinations'][number];
    const idle = { ...d, rates: { newPerSecond: 0, fullInSeconds: null, timeWaitAges: Array.from({ length: 60 }, () => 0), basis: 'timers+deltas' as const } };
    const h = new History(10);
    const at = (t: number, overflow: number): Sample => ({ ...base, time: base.time + t, destinations: [idle], counters: { ...base.counters, TcpExt: { ...base.counters.TcpExt, TCPTimeWaitOverflow: overflow } } });
    h.push(at(0, 100));
    h.push(at(2000, 140));
    const r = render(h, 80, 24);
    expect(r.plain(r.text.side).split('\n')[3]).toMatch(/^0\/s {2}\+20\/s past tw_buckets/);
    // no refusal since the sample before: the rate as usual
    h.push(at(4000, 140));
    const calm = render(h, 80, 24);
    expect(calm.plain(calm.text.side).split('\n')[3]).toMatch(/^0\/s {2}never fills/);
  });

  it('the ports gauge without a rate (no timers, no second sample yet) keeps its two lines', () => {
    const { rates: _r, ...d } = base.destinations[0] as Sample['destinations'][number];
    const h = new History(10);
    h.push({ ...base, destinations: [d] });
    const r = render(h, 80, 24);
    const lines = r.plain(r.text.side).split('\n');
    expect(lines[1]).toMatch(/^ports [\d.]+% -> 127\.0\.0\.1:8080/);
    expect(lines[2]).toMatch(/^\[░+\] 7\/28,232$/);
    expect(lines[3]).toBe('RATES per second'.padEnd(30));
  });

  it('scrolling the destinations stops at the last full page', () => {
    const h = new History(10);
    h.push(base); // 9 destinations; 80x24 shows 6
    const at = (n: number) => {
      const r = render(h, 80, 24, { scroll: { destinations: n, alerts: 0, advisor: 0 } });
      return r.plain(r.text.destinations).split('\n')[0];
    };
    expect(at(2)).toMatch(/ 3-8 of 9 /);
    expect(at(50)).toMatch(/ 4-9 of 9 /);
    const r = render(h, 80, 24, { scroll: { destinations: 50, alerts: 0, advisor: 0 } });
    expect(r.text.scroll).toEqual({ destinations: 3 }); // what the caller keeps: Up then moves at once
  });

  it('braces from the system are escaped, never read as tags', () => {
    const h = new History(10);
    h.push(base);
    const u = initialUi(2000);
    const vm = buildView(h, u, { host: '{red-fg}evil', kernel: 'k', root: '/p' }, { seriesLen: 10 });
    const layout = computeLayout(120, 30, { stateRows: vm.states.length + 1, advisor: false });
    const t = renderPanels({ vm, layout, ui: u, log: EMPTY_ALERT_LOG, advice: [], theme: { color: true, ascii: false } });
    expect(t.header).toContain('{open}red-fg{close}evil');
    expect(t.header).not.toContain('{red-fg}evil');
  });

  it('the help lists every key and fits 60x22; the too-small notice wraps to the width', () => {
    expect(HELP_SIZE.width).toBeLessThanOrEqual(60);
    expect(HELP_SIZE.height).toBeLessThanOrEqual(22);
    for (const k of ['q, Ctrl-C', 'p, Space', '+  / -', 'Tab, S-Tab', 's ', '4 / 6', 'a ', 'A ', 'P ', '? ']) expect(HELP_LINES.join('\n')).toContain(k);
    const n = smallNotice({ cols: 20, rows: 5, needs: { cols: 60, rows: 22 } }).split('\n');
    expect(n).toEqual(['Too small: 20x5,', 'needs 60x22. q', 'quits.']);
  });

  it('the footer names each key for what it does; a narrow one drops the hints the help still has', () => {
    const h = new History(10);
    h.push(base);
    const at = (cols: number) =>
      render(h, cols, 30)
        .plain(render(h, cols, 30).text.footer)
        .trimEnd();
    expect(at(80)).toBe('q quit  p pause  Tab panel  s sort  4/6/a IPv4/IPv6/all  A advisor  ? help');
    expect(at(200)).toBe('q quit  p pause  +/- interval  Tab panel  s sort  4/6/a IPv4/IPv6/all  A advisor  P processes  ? help');
    expect(at(60)).toBe('q quit  Tab panel  4/6/a IPv4/IPv6/all  A advisor  ? help');
  });

  it('numbers: rates and signed changes', () => {
    expect([rateText(undefined), rateText(0), rateText(2.54), rateText(12.6), rateText(1234.5)]).toEqual(['-', '0', '2.5', '13', '1,235']);
    expect([deltaText(5), deltaText(-0.5), deltaText(0), deltaText(0.01)]).toEqual(['+5.0', '-0.5', '0', '0.0']);
  });
});

describe('alerts on screen', () => {
  const long = (rule: Alert['rule'], level: Alert['level']): Alert => ({ ...alert(rule, level), message: `${rule} ${'is far past its limit and the kernel acts on it '.repeat(3)}END` });
  function withAlerts(cols: number, rows: number, alerts: Alert[], focus: UiState['focus'] = 'destinations', pending: Pending[] = [], h = new History(10)) {
    if (h.size === 0 && alerts.length + pending.length > 0) h.push(base);
    const u = { ...initialUi(2000), focus };
    const vm = buildView(h, u, { host: 'h', kernel: 'k', root: '/proc' }, { seriesLen: 10 });
    const log = updateAlertLog(EMPTY_ALERT_LOG, alerts, base.time).log;
    const layout = computeLayout(cols, rows, { stateRows: vm.states.length + 1, advisor: false, focus, fixLine: glanceOf(log, pending) !== undefined });
    const t = renderPanels({ vm, layout, ui: u, log, pending, advice: [], theme: { color: true, ascii: false } });
    const plain = (s: string | undefined) => (s ?? '').replace(/\{\/?[a-z-]+\}/g, '');
    return { t, plain, layout };
  }
  const ports: Alert = { ...long('port_exhaustion', 'critical'), value: 1001, limit: 1001, subject: '10.200.0.1 -> 10.200.0.2:8080' };

  it("the strip leads with the worst alert's number, counts the others, and gives its fix on a second line", () => {
    const { t, plain, layout } = withAlerts(80, 24, [long('tw_buckets', 'warning'), ports]);
    const [first, second] = plain(t.strip).split('\n');
    expect(first).toBe(`${'ALERTS CRITICAL ports 100% (1,001/1,001) -> 10.200.0.2:8080'.padEnd(71)}  +1 more`);
    expect(second).toBe(`fix: ${CATALOGUE.port_exhaustion.fix}`.padEnd(80));
    expect(layout.strip.height).toBe(2);
    expect(t.strip.startsWith('{red-fg}{bold}ALERTS CRITICAL{/bold}{/red-fg}')).toBe(true);
    // the destinations gave the fix line its row; every state is still there
    const quiet = withAlerts(80, 24, []).layout;
    expect([layout.destinations.height, layout.states.height]).toEqual([quiet.destinations.height - 1, quiet.states.height]);
    // 60 columns cut the end of the line, never the number; a finding's own fix wins
    const narrow = withAlerts(60, 24, [{ ...ports, subject: '10.200.0.1 -> [2001:db8:ffff:ffff::1234]:8080', fix: 'nginx: keepalive 32; in the upstream block' }]);
    const [head, fix] = narrow.plain(narrow.t.strip).split('\n');
    expect(head).toBe('ALERTS CRITICAL ports 100% (1,001/1,001) -> [2001:db8:ffff:~');
    expect(fix).toBe('fix: nginx: keepalive 32; in the upstream block'.padEnd(60));
  });

  it('before the first sample the strip waits; a first sample awaiting confirmation is judged, with its fix', () => {
    const waiting = withAlerts(80, 24, []);
    expect(waiting.plain(waiting.t.strip)).toBe('ALERTS waiting for the first sample'.padEnd(80));
    expect(waiting.layout.strip.height).toBe(1);
    const judging = withAlerts(80, 24, [], 'destinations', [{ alert: ports, seen: 1, needed: 2 }]);
    const [first, second] = judging.plain(judging.t.strip).split('\n');
    expect(first).toBe('ALERTS judging (1 of 2 samples): ports 100% (1,001/1,001) -> 10.200.0.2:8080'.padEnd(80));
    expect(second).toBe(`fix: ${CATALOGUE.port_exhaustion.fix}`.padEnd(80));
    expect(judging.t.strip.startsWith('{red-fg}{bold}ALERTS judging')).toBe(true);
    // a judged sample without findings says so
    const judged = new History(2);
    judged.push(base);
    const none = withAlerts(80, 24, [], 'destinations', [], judged);
    expect(none.plain(none.t.strip).trimEnd()).toBe('ALERTS none');
  });

  it('the log: every event wrapped whole, newest first, readable at 80 columns', () => {
    const { t, plain, layout } = withAlerts(80, 24, [long('tw_buckets', 'critical')], 'alerts');
    const lines = plain(t.alertLog).split('\n');
    expect(lines[0]).toMatch(/^>ALERT LOG/);
    expect(lines[1]).toMatch(/^ {2}\d\d:\d\d:\d\d RAISED CRITICAL tw_buckets: tw_buckets is far/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(2).every((l) => l === '' || l.startsWith('    '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('acts on it END');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(layout.alertLog?.width ?? 0);
  });

  it('the log: the remedy under each entry that raised an alert (and its own fix first), none under a clear', () => {
    const remedy = CATALOGUE.port_exhaustion.remedy();
    const raised = { ...ports, message: 'full', remedy, fix: 'nginx: keepalive 32; in the upstream block' };
    const h = new History(10);
    h.push(base);
    const u = { ...initialUi(2000), focus: 'alerts' as const };
    const vm = buildView(h, u, { host: 'h', kernel: 'k', root: '/proc' }, { seriesLen: 10 });
    const log = updateAlertLog(updateAlertLog(EMPTY_ALERT_LOG, [raised], 1000).log, [], 3000).log;
    const layout = computeLayout(100, 40, { stateRows: vm.states.length + 1, advisor: false });
    const t = renderPanels({ vm, layout, ui: u, log, advice: [], theme: { color: false, ascii: false } });
    const lines = (t.alertLog ?? '')
      .replace(/\{\/?[a-z-]+\}/g, '')
      .split('\n')
      .map((l) => l.trimEnd());
    expect(lines[1]).toMatch(/^ {2}00:00:03 CLEARED CRITICAL port_exhaustion \[10\.200\.0\.1 -> 10\.200\.0\.2:8080\]: full$/);
    expect(lines[2]).toMatch(/^ {2}00:00:01 RAISED CRITICAL port_exhaustion/);
    expect(lines[3]).toBe('    fix: nginx: keepalive 32; in the upstream block');
    expect(lines[4]).toMatch(/^ {4}remedy: Reuse connections/);
    const under = lines.slice(4).filter((l) => l !== '');
    expect(under.length).toBeGreaterThan(1);
    expect(under.slice(1).every((l) => l.startsWith('      '))).toBe(true);
    expect(under.join(' ').replace(/\s+/g, ' ').trim()).toBe(`remedy: ${remedy}`);
  });
});

describe('sparkline', () => {
  it('newest values at the right, scaled 0..max, a gap blank, history padded left', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe('▁▂▃▅█');
    expect(sparkline([5, NaN, 5], 5)).toBe('  █ █');
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toBe('▇▇█');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
    expect(sparkline([1, 1000], 2)).toBe('▂█'); // non-zero stands above zero
    expect(sparkline([0, 4, 8], 3, true)).toBe('_=#');
    expect(sparkline([1], 0)).toBe('');
  });
});

describe('cell text', () => {
  it('fit, fitMiddle, clean, escapeTags, tag', () => {
    expect(fit('abcdef', 4)).toBe('abc~');
    expect(fit('ab', 4, true)).toBe('  ab');
    expect(fitMiddle('2001:db8::1:443', 9)).toBe('2001~:443');
    expect(clean('a\x1b[31mb\u00e9')).toBe('a?[31mb?');
    expect(escapeTags('{x}')).toBe('{open}x{close}');
    expect(tag({ color: true, ascii: false }, 'critical', 'X')).toBe('{red-fg}{bold}X{/bold}{/red-fg}');
    expect(tag({ color: false, ascii: false }, 'ok', 'X')).toBe('X');
    expect(wrap('one two three', 7)).toEqual(['one two', 'three']);
    // a table row that fits keeps its columns (P's processes table)
    expect(wrap('   PID  COMMAND  LISTEN', 30)).toEqual(['   PID  COMMAND  LISTEN']);
  });
});

describe('alert log', () => {
  it('raised, changed and cleared events with times; the worst level in force', () => {
    let log = EMPTY_ALERT_LOG;
    let r = updateAlertLog(log, [alert('tw_buckets', 'warning'), alert('port_exhaustion', 'ok')], 1000);
    log = r.log;
    expect(r.fresh.map((e) => [e.kind, e.rule, e.level, e.time])).toEqual([['raised', 'tw_buckets', 'warning', 1000]]);
    expect(worstLevel(log)).toBe('warning');
    r = updateAlertLog(log, [alert('tw_buckets', 'critical'), alert('port_exhaustion', 'warning', '10.0.0.9:80')], 2000);
    log = r.log;
    expect(r.fresh.map((e) => [e.kind, e.rule, e.subject])).toEqual([
      ['changed', 'tw_buckets', undefined],
      ['raised', 'port_exhaustion', '10.0.0.9:80'],
    ]);
    expect(worstLevel(log)).toBe('critical');
    expect(r.fresh.every(ringsBell)).toBe(true);
    r = updateAlertLog(log, [], 3000);
    expect(r.fresh.map((e) => [e.kind, e.level])).toEqual([
      ['cleared', 'critical'],
      ['cleared', 'warning'],
    ]);
    expect(r.fresh.some(ringsBell)).toBe(false);
    expect(worstLevel(r.log)).toBe('ok');
    expect(r.log.events).toHaveLength(5);
    expect(updateAlertLog(r.log, [], 4000).log.events).toBe(r.log.events); // a quiet tick adds nothing
  });

  it('keeps at most `capacity` events, the newest', () => {
    let log = EMPTY_ALERT_LOG;
    for (let i = 0; i < 50; i++) log = updateAlertLog(log, i % 2 ? [alert('orphans', 'warning')] : [], i, 10).log;
    expect(log.events).toHaveLength(10);
    expect(log.events.at(-1)?.time).toBe(49);
  });
});
