import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleToJson } from '../../src/codec/sample-json.js';
import { isGap, type HistoryEntry } from '../../src/history.js';
import { parseAt } from '../../src/replay/at.js';
import { ReplayController } from '../../src/replay/controller.js';
import { Recorder } from '../../src/replay/recorder.js';
import { parseRecording, RecordingReader } from '../../src/replay/recording.js';
import { ReplaySource } from '../../src/replay/source.js';
import { recordedIntervalMs, steppingTimeline } from '../../src/replay/timeline.js';
import { sampleLinux } from '../../src/source/linux.js';
import type { Sample } from '../../src/types.js';

const FIXTURE = 'fixtures/linux/states/proc';
let fixture: Sample;
beforeAll(async () => {
  fixture = await sampleLinux({ procRoot: FIXTURE, now: () => Date.parse('2026-11-23T10:00:00Z') });
});

/** The fixture sample at `t` seconds after 10:00, with `tw` TIME_WAIT, as a recorder would see it. */
const at = (t: number, tw = 6): Sample => ({ ...fixture, time: Date.parse('2026-11-23T10:00:00Z') + t * 1000, states: { ...fixture.states, TIME_WAIT: tw } });
const line = (s: Sample) => JSON.stringify(sampleToJson(s, []));

describe('reading a recording', () => {
  const text = () => `${line(at(0))}\n${JSON.stringify({ time: '2026-11-23T10:00:02.000Z', error: 'cannot read the TCP table' })}\n${line(at(4, 9))}\n{"time":"2026-11-23T10:0`;

  it('samples, gaps and a torn last line, counted', () => {
    const rec = parseRecording(text());
    expect(rec.entries.map((e) => ('gap' in e ? 'gap' : e.states.TIME_WAIT))).toEqual([6, 'gap', 9]);
    expect(rec.bad).toEqual({ count: 1, examples: [{ line: 4, reason: 'truncated or corrupt JSON', text: '{"time":"2026-11-23T10:0' }] });
  });

  it('reads the same whatever the chunk boundaries (CRLF too)', () => {
    const whole = parseRecording(text());
    for (const size of [1, 7, 4096]) {
      const r = new RecordingReader();
      const crlf = text().replaceAll('\n', '\r\n');
      for (let i = 0; i < crlf.length; i += size) r.push(crlf.slice(i, i + size));
      expect(r.end()).toEqual(whole);
    }
  });

  it('puts interleaved runs in time order', () => {
    const rec = parseRecording([line(at(10)), line(at(0)), line(at(5))].join('\n'));
    expect(rec.entries.map((e) => e.time - at(0).time)).toEqual([0, 5000, 10_000]);
  });
});

describe('--at', () => {
  const start = Date.parse('2026-11-23T10:00:00Z');
  const end = Date.parse('2026-11-23T11:30:00Z');
  it.each([
    ['+90s', start + 90_000],
    ['-1.5m', end - 90_000],
    ['+1h', start + 3_600_000],
    ['10:45', Date.parse('2026-11-23T10:45:00Z')],
    ['10:45:30.5', Date.parse('2026-11-23T10:45:30.5Z')],
    ['2026-11-23T11:00:00Z', Date.parse('2026-11-23T11:00:00Z')],
    ['25:00', undefined],
    ['soon', undefined],
    ['+5', undefined],
  ])('%s', (text, want) => {
    expect(parseAt(text, start, end)).toBe(want);
  });
});

describe('the replay controller and player', () => {
  let entries: HistoryEntry[];
  beforeAll(() => {
    entries = [0, 2, 4, 6, 60].map((t) => (t === 4 ? { time: at(t).time, gap: true as const, error: 'x' } : at(t, t)));
  });

  it('seeks by time to the last entry at or before it, steps clamped', () => {
    const c = new ReplayController(entries);
    c.seekTime(at(5).time);
    expect(c.position).toBe(2);
    c.seekTime(at(-5).time);
    expect(c.position).toBe(0);
    c.step(10);
    expect(c.position).toBe(4);
    c.step(-2);
    expect(c.position).toBe(2);
    expect(() => new ReplayController([])).toThrow(RangeError);
  });

  it('moves by entries or by recorded time; a jump forward always gets on at least one entry', () => {
    // entries at 0, 2, 4 (a gap), 6 and 60 s
    const c = new ReplayController(entries);
    c.seekIndex(1);
    c.move({ entries: 1 });
    expect(c.position).toBe(2);
    c.move({ entries: -5 });
    expect(c.position).toBe(0);
    c.move({ seconds: 60 }); // 0 s + 60 s: the entry at 60 s
    expect(c.position).toBe(4);
    c.move({ seconds: -60 }); // back to 0 s
    expect(c.position).toBe(0);
    c.seekIndex(3);
    c.move({ seconds: 1 }); // 6 s + 1 s is still the entry at 6 s: on to the next one
    expect(c.position).toBe(4);
    c.move({ seconds: 60 }); // at the end it stays
    expect(c.position).toBe(4);
  });

  it('the TUI seek gives the history to rebuild: the newest entries up to the new position', () => {
    const c = new ReplayController(entries);
    c.seekIndex(4);
    const t = steppingTimeline(c);
    expect(t.seek({ entries: -1 }, 100).map((e) => e.time)).toEqual(entries.slice(0, 4).map((e) => e.time));
    expect(t.seek({ entries: 1 }, 2).map((e) => e.time)).toEqual(entries.slice(3, 5).map((e) => e.time));
  });

  it('waits the recorded distance over the speed, long pauses cut short', () => {
    const c = new ReplayController(entries, 4);
    c.seekIndex(0);
    expect(c.delayToNextMs(10_000)).toBe(500);
    c.seekIndex(3);
    expect(c.delayToNextMs(1000)).toBe(1000);
  });

  it('--speed playback: every entry in order, from a seek at once, nothing after stop', async () => {
    const c = new ReplayController(entries, 10_000);
    const p = new ReplaySource(c);
    const seen: number[] = [];
    for (let e = await p.next(); e !== undefined; e = await p.next()) seen.push(e.time);
    expect(seen).toEqual(entries.map((e) => e.time));

    // at speed 1 the next entry is 2 s away: a seek answers at once, stop ends the wait
    const q = new ReplaySource(new ReplayController(entries, 1));
    q.seekIndex(3);
    expect((await q.next())?.time).toBe(entries[3]?.time);
    let got: HistoryEntry | undefined | 'pending' = 'pending';
    const pending = q.next().then((e) => (got = e));
    await new Promise((r) => setTimeout(r, 30));
    expect(got).toBe('pending');
    q.stop();
    await pending;
    expect(got).toBeUndefined();
  });

  it('the TUI timeline: one entry per call from where the controller is, a gap as recorded, undefined at the end', async () => {
    const c = new ReplayController(entries);
    c.seekIndex(1);
    const t = steppingTimeline(c);
    expect((await t.next())?.time).toBe(entries[1]?.time);
    const gap = await t.next();
    expect(gap && isGap(gap) ? gap.error : 'not a gap').toBe('x');
    expect((await t.next())?.time).toBe(entries[3]?.time);
    expect((await t.next())?.time).toBe(entries[4]?.time);
    expect(await t.next()).toBeUndefined();
    expect(await t.next()).toBeUndefined();
    // after a step back, playback goes on from there
    t.seek({ entries: -1 }, 10);
    expect((await t.next())?.time).toBe(entries[4]?.time);
    // gaps of 2, 2, 2, 54 s: the median, sped up
    expect(recordedIntervalMs(entries, 1)).toBe(2000);
    expect(recordedIntervalMs(entries, 4)).toBe(500);
    expect(recordedIntervalMs(entries, 1000)).toBe(100);
  });
});

describe('the recorder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-recorder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rotates to FILE.1 before passing the limit; every line stays whole', () => {
    const file = join(dir, 'r.jsonl');
    const one = Buffer.byteLength(`${line(at(0))}\n`);
    const r = new Recorder(file, Math.floor(one * 2.5));
    for (let i = 0; i < 5; i++) r.write(at(i), []);
    r.close();
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(one * 2.5);
    const now = parseRecording(readFileSync(file, 'utf8'));
    const old = parseRecording(readFileSync(`${file}.1`, 'utf8'));
    expect(now.bad.count + old.bad.count).toBe(0);
    // 5 samples, 2 per file: the first one went with the older FILE.1 that was replaced
    expect(old.entries.map((e) => e.time)).toEqual([at(2).time, at(3).time]);
    expect(now.entries.map((e) => e.time)).toEqual([at(4).time]);
  });

  it('ends a torn last line before appending, so the next line stands alone', () => {
    const file = join(dir, 't.jsonl');
    const a = new Recorder(file);
    a.write(at(0), []);
    a.close();
    // what a kill -9 mid-write leaves
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 100));
    const b = new Recorder(file);
    b.write(at(1), []);
    b.close();
    const rec = parseRecording(readFileSync(file, 'utf8'));
    expect(rec.bad.count).toBe(1);
    expect(rec.entries.map((e) => e.time)).toEqual([at(1).time]);
  });
});
