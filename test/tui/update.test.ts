import { describe, expect, it } from 'vitest';
import type { Tick } from '../../src/monitor/monitor.js';
import type { Alert } from '../../src/types.js';
import { initialTuiState, NOTICE_MS, update, type TuiEffect, type TuiState } from '../../src/tui/update.js';
import { twSample } from '../helpers/synthetic.js';

const warning: Alert = { rule: 'tw_buckets', level: 'warning', value: 900, limit: 1000, since: 2000, message: '900 of 1,000', remedy: 'raise it' };
const tick = (time: number, active: Alert[] = []): Tick => ({ entry: twSample(time, 1), active, raised: [], cleared: [] });
const kinds = (effects: TuiEffect[]) => effects.map((e) => e.kind);

function keys(s: TuiState, ...names: string[]): { state: TuiState; effects: TuiEffect[] } {
  let r = { state: s, effects: [] as TuiEffect[] };
  for (const key of names) r = update(r.state, { kind: 'key', key });
  return r;
}

describe('the TUI update', () => {
  const live = initialTuiState(2000, { bell: true, canSeek: false });

  it('a tick logs what changed, keeps the alerts for the advisor, redraws, and rings for a new warning', () => {
    const r = update({ ...live, advice: ['x'] }, { kind: 'tick', tick: tick(3000, [warning]) });
    expect(kinds(r.effects)).toEqual(['redraw', 'bell']);
    expect(r.state.log.events.map((e) => `${e.kind} ${e.rule}`)).toEqual(['raised tw_buckets']);
    expect(r.state.alerts).toEqual([warning]);
    // the same alert again: nothing new to ring for
    expect(kinds(update(r.state, { kind: 'tick', tick: tick(4000, [warning]) }).effects)).toEqual(['redraw']);
    // no bell when it was not asked for
    expect(kinds(update({ ...live, bell: false, advice: ['x'] }, { kind: 'tick', tick: tick(3000, [warning]) }).effects)).toEqual(['redraw']);
  });

  it("a key's note in the footer outlives the next tick (seen for at least one interval), not the one after", () => {
    const n = keys(live, 'N').state;
    expect(n.ui.note).toBe('N lists every network namespace: start tcpwatch with --all-netns');
    const once = update(n, { kind: 'tick', tick: tick(1000) }).state;
    expect(once.ui.note).toBe(n.ui.note);
    expect(update(once, { kind: 'tick', tick: tick(3000) }).state.ui.note).toBeUndefined();
  });

  it('P: the "looking up" note goes when the owners arrive', () => {
    const p = keys(live, 'P').state;
    expect(p.ui.note).toBe('looking up socket owners');
    expect(update(p, { kind: 'processes', lines: ['PROCESSES ...'] }).state.ui.note).toBeUndefined();
  });

  it('the advisor follows the newest tick while open, and is filled once when empty', () => {
    expect(kinds(update(live, { kind: 'tick', tick: tick(1000) }).effects)).toEqual(['advise', 'redraw']);
    const open = keys({ ...live, advice: ['x'] }, 'A');
    expect(kinds(open.effects)).toEqual(['advise', 'redraw']);
    expect(kinds(update(open.state, { kind: 'tick', tick: tick(1000) }).effects)).toEqual(['advise', 'redraw']);
    const closed = keys(open.state, 'A');
    expect(kinds(update(closed.state, { kind: 'tick', tick: tick(2000) }).effects)).toEqual(['redraw']);
    // Tab onto the advisor shows it: fresh advice then too, and `a` opens nothing
    expect(kinds(keys({ ...live, advice: ['x'] }, 'tab', 'tab').effects)).toEqual(['advise', 'redraw']);
    expect(kinds(keys({ ...live, advice: ['x'] }, '4', 'a').effects)).toEqual(['redraw']);
  });

  it('a tick keeps the levels still awaiting confirmation, for the strip; the next tick replaces them', () => {
    const pending = [{ alert: { ...warning, level: 'critical' as const }, seen: 1, needed: 2 }];
    const first = update(live, { kind: 'tick', tick: { ...tick(1000), pending } });
    expect(first.state.pending).toEqual(pending);
    expect(update(first.state, { kind: 'tick', tick: tick(2000, [warning]) }).state.pending).toEqual([]);
    const rebuilt = update(live, { kind: 'rebuilt', ticks: [tick(1000), { ...tick(2000), pending }] });
    expect(rebuilt.state.pending).toEqual(pending);
  });

  it('keys become effects: pause, resume, interval, suspend, quit', () => {
    expect(keys(live, 'p').effects).toEqual([{ kind: 'pause' }, { kind: 'redraw' }]);
    expect(keys(live, 'p', 'p').effects).toEqual([{ kind: 'resume' }, { kind: 'redraw' }]);
    expect(keys(live, '+').effects).toEqual([{ kind: 'interval', ms: 5000 }, { kind: 'redraw' }]);
    expect(keys(live, 'C-z').effects).toEqual([{ kind: 'suspend' }]);
    expect(keys(live, 'q').effects).toEqual([{ kind: 'quit' }]);
  });

  it('P looks up socket owners; a late answer after P closed the panel is dropped', () => {
    const asked = keys(live, 'P');
    expect(kinds(asked.effects)).toEqual(['processes', 'redraw']);
    expect(asked.state.advice).toEqual(['Looking up which processes hold the sockets...']);
    expect(update(asked.state, { kind: 'processes', lines: ['nginx 12'] }).state.advice).toEqual(['nginx 12']);
    const closed = keys(asked.state, 'P');
    const late = update(closed.state, { kind: 'processes', lines: ['nginx 12'] });
    expect(late.state.advice).toEqual(asked.state.advice);
    expect(late.effects).toEqual([]);
  });

  it('step keys seek only in a replay; a rebuild pauses there with the log as it stood', () => {
    const liveSeek = keys(live, 'left');
    expect(kinds(liveSeek.effects)).toEqual(['redraw']);
    expect(liveSeek.state.ui.note).toBe('step and jump keys work in a replay');
    const replay = initialTuiState(2000, { bell: false, canSeek: true });
    expect(keys(replay, '[').effects).toEqual([{ kind: 'seek', move: { seconds: -60 } }, { kind: 'redraw' }]);
    const r = update(replay, { kind: 'rebuilt', ticks: [tick(1000), tick(2000, [warning]), tick(3000, [warning])] });
    expect(kinds(r.effects)).toEqual(['advise', 'redraw']);
    expect(r.state.ui.paused).toBe(true);
    expect(r.state.ui.note).toBe('at 00:00:03Z (p plays on)');
    expect(r.state.log.events.map((e) => `${e.kind}@${e.time}`)).toEqual(['raised@2000']);
    expect(r.state.alerts).toEqual([warning]);
  });

  it('a notice shows for a while; drawn scroll positions are kept', () => {
    const n = update(live, { kind: 'notice', text: 'on-alert failed', now: 5000 });
    expect(n.state.notice).toEqual({ text: 'on-alert failed', until: 5000 + NOTICE_MS });
    expect(kinds(n.effects)).toEqual(['redraw']);
    const d = update(live, { kind: 'drawn', scroll: { destinations: 3 } });
    expect(d.state.ui.scroll).toEqual({ destinations: 3, alerts: 0, advisor: 0 });
    expect(d.effects).toEqual([]);
  });
});
