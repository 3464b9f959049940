// tcpwatch replay on a terminal: the recording plays in the real TUI, in a pseudo-terminal.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  const child = execa('node', [CLI, '--json', '--interval', '200ms', '--record', file, '--proc-root', 'fixtures/linux/alerts-close-wait/proc'], { cwd: ROOT, reject: false, timeout: 20_000 });
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
        return readFileSync(rec, 'utf8').split('\n').filter((l) => l !== '').length >= 2;
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
    expect(s.lines()[0]).toMatch(/every 0\.2\d*s  REPLAY/);
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
