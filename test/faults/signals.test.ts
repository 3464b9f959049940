// SIGTERM, SIGINT and SIGHUP arriving while the monitor samples and records: the line mode exits
// 0 with the recording ending on a whole line; the TUI restores the terminal (SIGTERM: 143) with
// the same whole recording, and shows a recording that stops in its footer, not over the screen.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../src/replay/recording.js';
import { ROOT } from '../helpers/cli.js';
import { LiveCli } from '../helpers/live-cli.js';

const PROC = 'fixtures/linux/states/proc';
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-signal-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const recorded = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Ends on a newline, every line a sample or a gap; returns how many. */
function whole(file: string): number {
  const text = recorded(file);
  expect(text.endsWith('\n')).toBe(true);
  const rec = parseRecording(text);
  expect(rec.bad.count).toBe(0);
  return rec.entries.length;
}

describe('signals during a live run', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('the line mode with --record, %s: exit 0, the recording ends on a whole line', async (sig) => {
    const file = join(tmp, `${sig}.jsonl`);
    // the shortest interval, so the signal is likely to come while a sample is taken or written
    const cli = new LiveCli(['--interval', '100ms', '--max-cpu', '100', '--proc-root', PROC, '--record', file]);
    await cli.until(() => recorded(file).split('\n').length > 5);
    expect(await cli.stop(sig)).toEqual({ code: 0, signal: null });
    expect(whole(file)).toBeGreaterThan(4);
    expect(cli.stderr).toBe('');
  });

  it('the TUI with --record: a recording that stops shows in its footer; SIGTERM restores the terminal, exits 143, the recording whole', async () => {
    const { PtySession } = await import('../helpers/pty.js');
    const dir = join(tmp, 'tui');
    mkdirSync(dir);
    const file = join(dir, 'rec.jsonl');
    const s = new PtySession(['--interval', '100ms', '--proc-root', join(ROOT, PROC), '--record', file], { cols: 100, rows: 30 });
    try {
      const { pid } = await s.started();
      await s.until('a few samples recorded', () => recorded(file).split('\n').length > 3);
      rmSync(dir, { recursive: true });
      await s.until('the footer notice', () => /^recording stopped: .*: not found; monitoring goes on, retrying/.test(s.lines()[29] ?? ''));
      mkdirSync(dir);
      await s.until('the recording back', () => recorded(file).split('\n').length > 3);
      process.kill(pid, 'SIGTERM');
      const end = await s.ended();
      expect([end.code, end.signal]).toEqual(['143', 'null']);
      expect(s.term.buffer.active.type).toBe('normal');
      expect(s.cursorVisible()).toBe(true);
    } finally {
      s.kill();
    }
    expect(whole(file)).toBeGreaterThan(2);
    expect(parseRecording(recorded(file)).entries[0]).toEqual(expect.objectContaining({ gap: true, error: expect.stringMatching(/^not recorded/) as string }));
  }, 30_000);
});
