// tcpwatch replay on a terminal: the recording plays in the real TUI, in a pseudo-terminal.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { isRoot, PtySession } from '../helpers/pty.js';

const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-replay-tui-'));
const file = join(dir, 'cw.jsonl');
const sessions: PtySession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a recording of the captured 120 CLOSE_WAIT tree: 6 samples 200 ms apart
beforeAll(async () => {
  // every tick a full scan (--max-cpu 100): the rules see a new breakdown each sample however busy the machine is
  const child = execa('node', [CLI, '--json', '--interval', '200ms', '--max-cpu', '100', '--record', file, '--proc-root', 'fixtures/linux/alerts-close-wait/proc'], { cwd: ROOT, reject: false, timeout: 20_000 });
  await new Promise<void>((resolve) => {
    let n = 0;
    child.stdout?.on('data', (d: Buffer) => {
      n += d.toString().split('\n').length - 1;
      if (n >= 6) resolve();
    });
    void child.then(() => resolve());
  });
  child.kill('SIGTERM');
  await child;
});

describe('replay in the TUI', () => {
  it('the live TUI records with --record too, and that recording replays', async () => {
    const rec = join(dir, 'from-tui.jsonl');
    const s = new PtySession(['--proc-root', 'fixtures/linux/alerts-close-wait/proc', '--interval', '500ms', '--record', rec], { cols: 120, rows: 32 });
    sessions.push(s);
    await s.started();
    await s.until('two samples recorded', () => {
      try {
        return (
          readFileSync(rec, 'utf8')
            .split('\n')
            .filter((l) => l !== '').length >= 2
        );
      } catch {
        return false;
      }
    });
    s.press('q');
    expect((await s.ended()).code).toBe('0');
    const r = await execa('node', [CLI, 'replay', rec, '--once', '--json'], { cwd: ROOT });
    expect((JSON.parse(r.stdout) as { states: { CLOSE_WAIT: number } }).states.CLOSE_WAIT).toBe(120);
  });

  it('plays the recording with REPLAY in the header, recomputes the alert, pauses, quits cleanly', async () => {
    const s = new PtySession(['replay', file], { cols: 200, rows: 32 });
    sessions.push(s);
    await s.started();
    await s.until('the recorded counts', () => s.row('CLOSE_WAIT')?.[1] === '120');
    expect(s.lines()[0]).toContain('REPLAY');
    expect(s.lines()[0]).toContain('replay ');
    // the recording's pace: 200 ms between samples
    expect(s.lines()[0]).toMatch(/every 0\.2\d*s {2}REPLAY/);
    // raised from the recorded samples by the rules, as it was live
    await s.until('the alert', () => s.screen().includes('close_wait_leak'));
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] as string) as { host: string };
    expect(s.lines()[0]).toContain(first.host);
    s.press('p');
    await s.until('paused', () => s.lines()[0]?.includes('PAUSED') ?? false);
    s.press('q');
    const end = await s.ended();
    expect(end.code).toBe('0');
  });
});

describe('stepping and jumping through a replay in the TUI', () => {
  it('Left/Right step a sample, [ ] jump a minute, p plays on from there; the alert is recomputed at each stop', async () => {
    // the recording above, its samples set 10 s apart: each has its own second in the header
    const spaced = join(dir, 'spaced.jsonl');
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .slice(0, 6);
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    const times = lines.map((_, i) => new Date(t0 + i * 10_000).toISOString().slice(11, 19));
    const shifted = lines.map((l, i) => {
      const o = JSON.parse(l) as { time: string; breakdown_time?: string };
      const by = t0 + i * 10_000 - Date.parse(o.time);
      const move = (t: string) => new Date(Date.parse(t) + by).toISOString();
      return JSON.stringify({ ...o, time: move(o.time), ...(o.breakdown_time ? { breakdown_time: move(o.breakdown_time) } : {}) });
    });
    writeFileSync(spaced, `${shifted.join('\n')}\n`);
    // where the rules raise the alert in this recording, as `replay --once --at` computes it
    const alertAt = await Promise.all(times.map(async (t) => (await execa('node', [CLI, 'replay', spaced, '--once', '--at', t, '--json'], { cwd: ROOT })).stdout.includes('close_wait_leak')));
    const first = alertAt.indexOf(true);
    expect(first).toBeGreaterThan(0); // not from the first sample: the rules need a second breakdown
    const s = new PtySession(['replay', spaced, '--speed', '50'], { cols: 200, rows: 32 });
    sessions.push(s);
    await s.started();
    const shows = (i: number) => () => s.lines()[0]?.includes(`at ${times[i]}Z`) ?? false;
    await s.until('the end of the recording', shows(5));
    s.press('\x1b[D'); // Left
    await s.until('one sample back, paused', () => shows(4)() && (s.lines()[0]?.includes('PAUSED') ?? false));
    s.press('[');
    await s.until('a minute back: the first sample', shows(0));
    s.press('.');
    await s.until('one on', shows(1));
    s.press(']');
    await s.until('a minute on: the last sample', shows(5));
    // the rules run again over the rebuilt history: the alert line is what it was at that sample
    const alertLine = () => s.lines().find((l) => l.startsWith('ALERTS')) ?? '';
    for (let i = 5; i > first - 1; i--) s.press(',');
    await s.until('just before the alert', shows(first - 1));
    const raised = () => /^ALERTS WARNING CLOSE_WAIT \d+ \(threshold 100\)/.test(alertLine());
    await s.until('no alert yet', () => !raised());
    s.press('\x1b[C'); // Right
    await s.until('the sample that raised it', shows(first));
    await s.until('the alert again', raised);
    s.press('p');
    await s.until('played on to the end', () => shows(5)() && !(s.lines()[0]?.includes('PAUSED') ?? true));
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });
});

// the wrapper (test/helpers/tui-run.mjs) holds the loopback load in its own process, inside `unshare -n`
describe.skipIf(!isRoot)('P in the live TUI (root: a private namespace)', () => {
  it('names the process holding the sockets, and P closes the panel', async () => {
    const s = new PtySession(['--interval', '500ms'], { cols: 120, rows: 40, load: true });
    sessions.push(s);
    await s.started();
    await s.until('the counts', () => s.row('TOTAL')?.[1] === '38');
    s.press('P');
    await s.until('the owners', () => /\d+\s+node\s+1\s+24\s+3\b/.test(s.screen()));
    expect(s.screen()).toContain('PROCESSES  (P: close)');
    expect(s.screen()).toMatch(/7 TIME_WAIT socket\(s\) belong to no process/);
    s.press('P');
    await s.until('closed', () => !s.screen().includes('PROCESSES  (P: close)'));
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });
});
