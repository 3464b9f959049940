// --record when the recording's disk or file fails under a live monitor: the monitor goes on
// sampling and printing, one line says the recording stopped and why, it resumes on a back-off
// with a gap line the replay shows, and no torn line is ever left in the file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isGap } from '../../src/history.js';
import { parseRecording } from '../../src/replay/recording.js';
import { runCli } from '../helpers/cli.js';
import { LiveCli } from '../helpers/live-cli.js';

const PROC = 'fixtures/linux/states/proc';
const isRoot = process.getuid?.() === 0;
const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-record-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const live = (file: string) => new LiveCli(['--interval', '100ms', '--proc-root', PROC, '--record', file]);
const text = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** The recording holds only whole lines, each a sample or a gap, in time order; returns its entries. */
function wholeRecording(file: string) {
  const t = text(file);
  expect(t.endsWith('\n')).toBe(true);
  const rec = parseRecording(t);
  expect(rec.bad).toEqual({ count: 0, examples: [] });
  const times = rec.entries.map((e) => e.time);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  return rec.entries;
}

/** Fills the filesystem of `dir` until it refuses (ENOSPC); returns the filler's path. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const block = Buffer.alloc(4096, 0x78);
  try {
    for (let i = 0; i < 100_000; i++) writeFileSync(filler, block, { flag: 'a' });
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    return filler;
  }
  throw new Error(`${dir} did not fill`);
}

describe('--record faults in the line mode', () => {
  it.skipIf(!isRoot)('ENOSPC on a 64 KB tmpfs: stopped with the reason, sampling goes on, resumed with a gap once there is room (root: mounts a tmpfs)', async () => {
    const mnt = join(tmp, 'small');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tcpwatch-test', mnt]);
    try {
      const file = join(mnt, 'rec.jsonl');
      const cli = live(file);
      try {
        await cli.until(() => cli.lines().length >= 3);
        const filler = fill(mnt);
        await cli.until(() => /recording stopped: .*rec\.jsonl: ENOSPC: no space left on device, write; monitoring goes on, retrying\n/.test(cli.stderr));
        const printed = cli.lines().length;
        await cli.until(() => cli.lines().length >= printed + 3);
        unlinkSync(filler);
        await cli.until(() => /recording resumed in .*rec\.jsonl \(\d+ entr(y|ies) not recorded\)\n/.test(cli.stderr));
        const recorded = text(file).length;
        await cli.until(() => text(file).length > recorded);
      } finally {
        expect(await cli.stop()).toEqual({ code: 0, signal: null });
      }
      // one line when it stopped, one when it resumed: not one per failed tick
      expect(cli.stderr.match(/recording stopped/g)).toHaveLength(1);
      const entries = wholeRecording(file);
      const gaps = entries.filter(isGap);
      expect(gaps).toEqual([expect.objectContaining({ error: expect.stringMatching(/^not recorded \(\d+ entr(y|ies)\): .*rec\.jsonl: ENOSPC: no space left on device, write$/) as string })]);
      expect(isGap(entries.at(-1))).toBe(false);
      const replay = await runCli(['replay', file]);
      expect(replay.exitCode).toBe(0);
      expect(replay.stdout).toMatch(/Z\s+no sample: not recorded \(\d+ entr(y|ies)\): .*ENOSPC/);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });

  it('FILE deleted mid-run: said once, recorded into a new FILE at once', async () => {
    const file = join(tmp, 'deleted.jsonl');
    const cli = live(file);
    try {
      await cli.until(() => text(file).split('\n').length > 3);
      unlinkSync(file);
      await cli.until(() => cli.stderr.includes('was removed or its folder unmounted; recording into a new'));
      await cli.until(() => text(file).split('\n').length > 3);
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
    expect(wholeRecording(file).length).toBeGreaterThan(1);
  });

  it('its folder removed mid-run: stopped (not found), sampling goes on, resumed with a gap when it is back', async () => {
    const dir = join(tmp, 'gone');
    mkdirSync(dir);
    const file = join(dir, 'rec.jsonl');
    const cli = live(file);
    try {
      await cli.until(() => text(file).split('\n').length > 3);
      rmSync(dir, { recursive: true });
      await cli.until(() => /recording stopped: .*gone\/rec\.jsonl: not found; monitoring goes on, retrying\n/.test(cli.stderr));
      const printed = cli.lines().length;
      await cli.until(() => cli.lines().length >= printed + 3);
      mkdirSync(dir);
      await cli.until(() => cli.stderr.includes('recording resumed'));
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
    const entries = wholeRecording(file);
    expect(entries[0]).toEqual(expect.objectContaining({ gap: true, error: expect.stringMatching(/^not recorded \(\d+ entr(y|ies)\): .*not found$/) as string }));
    expect(entries.length).toBeGreaterThan(1);
  });
});
