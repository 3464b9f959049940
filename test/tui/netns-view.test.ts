import { describe, expect, it } from 'vitest';
import { History } from '../../src/history.js';
import type { NetnsTick } from '../../src/monitor/netns-monitor.js';
import type { Alert } from '../../src/types.js';
import { buildFrame } from '../../src/tui/frame.js';
import { netnsColumns } from '../../src/tui/layout.js';
import { initialTuiState, update, type TuiEffect, type TuiState } from '../../src/tui/update.js';
import { twSample } from '../helpers/synthetic.js';

const critical: Alert = { rule: 'tw_buckets', level: 'critical', value: 990, limit: 1000, since: 1000, message: '990 of 1,000', remedy: 'raise it' };
const kinds = (effects: TuiEffect[]) => effects.map((e) => e.kind);

/** A round: each namespace by inode and name, its timewait count, its alerts; `error` for an unreadable one. */
function round(time: number, list: Array<{ inode: number; name: string; tw?: number; alerts?: Alert[]; error?: string }>) {
  const namespaces = list.map((n): NetnsTick => ({
    netns: { inode: n.inode, name: n.name },
    tick: { entry: n.error !== undefined ? { time, gap: true, error: n.error } : twSample(time, n.tw ?? 0), active: n.alerts ?? [], raised: [], cleared: [] },
  }));
  return { kind: 'round' as const, time, namespaces, warnings: [] };
}

function keys(s: TuiState, ...names: string[]): { state: TuiState; effects: TuiEffect[] } {
  let r = { state: s, effects: [] as TuiEffect[] };
  for (const key of names) r = update(r.state, { kind: 'key', key });
  return r;
}

const screenOf = (s: TuiState, cols = 80, rows = 24) => buildFrame(s, new History(1), { cols, rows }, { info: { host: 'h', kernel: 'k', root: '/proc' }, theme: { color: false, ascii: true }, chart: false, now: 0 });

describe('the namespaces view', () => {
  const start = initialTuiState(2000, { bell: true, canSeek: false, netns: true });
  const r1 = round(1000, [
    { inode: 1, name: 'quiet', tw: 1 },
    { inode: 2, name: 'busy', tw: 990, alerts: [critical] },
    { inode: 3, name: 'locked', error: 'cannot enter it (EPERM)' },
  ]);

  it('starts on the list, worst first, unreadable ones last with their reason; the first row selected; a new critical rings', () => {
    const r = update(start, r1);
    expect(kinds(r.effects)).toEqual(['redraw', 'bell']);
    expect(r.state.netns?.rows.map((x) => x.netns.name)).toEqual(['busy', 'quiet', 'locked']);
    expect(r.state.netns?.selected).toBe(2);
    const text = screenOf(r.state).text.namespaces ?? '';
    expect(text).toMatch(/>busy +0 +990 +0 +99\.0% +0\.0% CRITICAL tw_buckets/);
    expect(text).toMatch(/ locked +- unreadable: cannot enter it \(EPERM\)/);
    for (const line of text.split('\n')) expect(line.replace(/\{[^}]*\}/g, '').length).toBeLessThanOrEqual(80);
  });

  it('a warning longer than the screen is wrapped, its end kept; the header names the source read', () => {
    const w = "1 process(es) whose network namespace is denied even to root (pid 1: a security module, or another user namespace's): a namespace only they hold is missing";
    const read = r1.namespaces.map((n) => ('gap' in n.tick.entry ? n : { ...n, tick: { ...n.tick, entry: { ...n.tick.entry, source: 'sock_diag' as const } } }));
    const f = screenOf(update(start, { ...r1, namespaces: read, warnings: [w] }).state);
    expect(screenOf(update(start, r1).state).text.header).toMatch(/ {2}\/proc {2}/);
    const lines = (f.text.namespaces ?? '').replace(/\{[^}]*\}/g, '').split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const at = lines.findIndex((l) => l.startsWith('! 1 process(es)'));
    expect(lines.slice(at).join(' ').replace(/\s+/g, ' ')).toContain('a namespace only they hold is missing');
    expect(f.text.header).toMatch(/ {2}sock_diag {2}/);
  });

  it('rounds spaced out by the CPU budget: the header says how far apart, on the list and in a namespace opened', () => {
    const s = update(start, { ...r1, pacedMs: 6100 }).state;
    expect(screenOf(s, 120).text.header).toContain('every 2s, rounds 6.1s (--max-cpu)');
    expect(screenOf(keys(s, 'enter').state, 120).text.header).toContain('every 2s, rounds 6.1s (--max-cpu)');
    expect(screenOf(update(s, r1).state, 120).text.header).not.toContain('rounds');
  });

  it('arrow keys move the selection and it stays on its namespace when the order changes; Enter opens it, N goes back and returns', () => {
    let s = update(start, r1).state;
    s = keys(s, 'down').state;
    expect(s.netns?.selected).toBe(1);
    // quiet becomes the worst: the selection follows it to the top
    s = update(
      s,
      round(2000, [
        { inode: 1, name: 'quiet', tw: 995, alerts: [critical] },
        { inode: 2, name: 'busy', tw: 5 },
      ]),
    ).state;
    expect(s.netns?.rows.map((x) => x.netns.name)).toEqual(['quiet', 'busy']);
    expect(s.netns?.selected).toBe(1);
    const opened = keys(s, 'down', 'up', 'enter');
    expect(kinds(opened.effects)).toEqual(['advise', 'redraw']);
    expect(opened.state.netns).toMatchObject({ list: false, opened: 1 });
    expect(opened.state.alerts).toEqual([critical]);
    expect(opened.state.log.events.map((e) => `${e.kind} ${e.rule}`)).toEqual(['raised tw_buckets']);
    const f = screenOf(opened.state);
    expect(f.text.header).toContain('netns quiet');
    expect(f.text.footer).toContain('N namespaces');
    const back = keys(opened.state, 'N');
    expect(back.state.netns).toMatchObject({ list: true, opened: 1 });
    expect(keys(back.state, 'N').state.netns).toMatchObject({ list: false, opened: 1 });
  });

  it('the namespace opened vanishing goes back to the list and says so', () => {
    const opened = keys(update(start, r1).state, 'enter').state;
    const r = update(opened, round(2000, [{ inode: 1, name: 'quiet', tw: 1 }]));
    expect(r.state.netns).toMatchObject({ list: true, opened: undefined, selected: 1 });
    expect(r.state.notice?.text).toBe('netns busy is gone');
    expect(r.state.alerts).toEqual([]);
  });

  it('P and A on the list say Enter first and change nothing; P open in a namespace is looked up again in the next one opened', () => {
    const listed = update(start, r1).state;
    for (const key of ['P', 'A']) {
      const r = keys(listed, key);
      expect(r.state.ui.note).toBe(`${key} works in a namespace: Enter opens the selected one`);
      expect(r.state.ui).toMatchObject({ processes: listed.ui.processes, advisor: listed.ui.advisor });
      expect(kinds(r.effects)).toEqual(['redraw']);
    }
    // owners shown in busy, back to the list, quiet opened: its owners are looked up, not advice drawn under that title
    const owners = keys(listed, 'enter', 'P').state;
    expect(owners.ui.processes).toBe(true);
    const r = keys(owners, 'N', 'down', 'enter');
    expect(r.state.netns).toMatchObject({ list: false, opened: 1 });
    expect(kinds(r.effects)).toEqual(['processes', 'redraw']);
    expect(r.state.advice).toEqual(['Looking up which processes hold the sockets...']);
    // without P the opened namespace gets its advice
    expect(kinds(keys(listed, 'enter').effects)).toEqual(['advise', 'redraw']);
  });

  it('an alert its next samples may raise shows in the row before it fires (lower case, how many samples have seen it)', () => {
    const warning: Alert = { ...critical, level: 'warning', rule: 'close_wait_leak', message: '150 CLOSE_WAIT' };
    const r = round(1000, [{ inode: 1, name: 'leaky', tw: 0 }]);
    const ns = r.namespaces.map((n) => ({ ...n, tick: { ...n.tick, pending: [{ alert: warning, seen: 1, needed: 2 }] } }));
    const text = screenOf(update(start, { ...r, namespaces: ns }).state, 100).text.namespaces ?? '';
    expect(text).toMatch(/>leaky .* warning\? 1\/2 close_wait_leak/);
    // once it fires, the firing one is shown as before
    const fired = r.namespaces.map((n) => ({ ...n, tick: { ...n.tick, active: [warning], pending: [] } }));
    expect(screenOf(update(start, { ...r, namespaces: fired }).state, 100).text.namespaces).toMatch(/>leaky .* WARNING close_wait_leak/);
  });

  it('without --all-netns N says how to get the list', () => {
    const s = keys(initialTuiState(2000, { bell: false, canSeek: false }), 'N').state;
    expect(s.ui.note).toBe('N lists every network namespace: start tcpwatch with --all-netns');
    expect(s.netns).toBeUndefined();
  });

  it('columns: the pod and container column only where the numbers and alerts keep their room', () => {
    // the widths and one space between the columns shown
    const sum = (c: ReturnType<typeof netnsColumns>) => {
      const widths = [c.name, c.owner, c.established, c.timeWait, c.closeWait, c.twShare, c.destShare, c.alerts];
      return widths.reduce((a, b) => a + b, 0) + widths.filter((w) => w > 0).length - 1;
    };
    expect(netnsColumns(80).owner).toBe(0);
    expect(sum(netnsColumns(80))).toBe(80);
    expect(netnsColumns(130).owner).toBeGreaterThan(20);
    expect(sum(netnsColumns(130))).toBe(130);
  });
});
