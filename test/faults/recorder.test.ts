// The recorder itself under a failing disk, with its back-off clock injected: a write cut short
// by ENOSPC leaves no torn line, retries wait 1 s doubling to 30 s, and the resumed recording
// starts with a gap dated at the first entry missed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isGap } from '../../src/history.js';
import { Recorder, RETRY_FIRST_MS, RETRY_MOST_MS } from '../../src/replay/recorder.js';
import { parseRecording } from '../../src/replay/recording.js';
import { sample } from '../helpers/synthetic.js';

const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-recorder-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const T0 = Date.parse('2026-12-01T10:00:00Z');

/** A recorder on a clock the test moves, its log kept. */
function recorder(file: string) {
  const clock = { ms: 0 };
  const log: string[] = [];
  const r = new Recorder(file, undefined, { log: (m) => log.push(m), now: () => clock.ms });
  return { r, clock, log };
}

describe('the recorder when writes fail', () => {
  it.skipIf(process.getuid?.() !== 0)('a line cut short by ENOSPC is cut off: the file stays whole lines (root: mounts a tmpfs)', () => {
    const mnt = join(tmp, 'small');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tcpwatch-test', mnt]);
    try {
      const file = join(mnt, 'rec.jsonl');
      const { r, clock, log } = recorder(file);
      r.write(sample(T0), []);
      const before = readFileSync(file, 'utf8');
      // fill the disk, then leave two pages: less than the next line, which is written part way
      const filler = join(mnt, 'filler');
      try {
        for (let i = 0; i < 100; i++) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      truncateSync(filler, statSync(filler).size - 8192);
      r.write(sample(T0 + 1000, { host: 'h'.repeat(20_000) }), []);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(log).toEqual([expect.stringMatching(/^recording stopped: .*rec\.jsonl: ENOSPC: no space left on device, write; monitoring goes on, retrying$/)]);
      expect(r.failure).toMatch(/ENOSPC/);
      rmSync(filler);
      clock.ms = RETRY_FIRST_MS;
      r.write(sample(T0 + 2000), []);
      r.close();
      const rec = parseRecording(readFileSync(file, 'utf8'));
      expect(rec.bad.count).toBe(0);
      expect(rec.entries).toEqual([
        expect.objectContaining({ time: T0 }),
        { time: T0 + 1000, gap: true, error: expect.stringMatching(/^not recorded \(1 entry\): .*ENOSPC/) as string },
        expect.objectContaining({ time: T0 + 2000, host: 'test' }),
      ]);
      expect(log[1]).toMatch(/^recording resumed in .*rec\.jsonl \(1 entry not recorded\)$/);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });

  it('retries after 1 s, doubling to 30 s, on the injected monotonic clock; one line when it stops, one when it resumes', () => {
    const dir = join(tmp, 'dir');
    mkdirSync(dir);
    const file = join(dir, 'rec.jsonl');
    const { r, clock, log } = recorder(file);
    r.write(sample(T0), []);
    rmSync(dir, { recursive: true });
    // the first tick after the removal fails at 0; before each retry is due the folder is back
    // for one tick, which must not be tried (nothing written), then gone again when it is
    let t = T0 + 1000;
    r.write(sample(t), []);
    let due = 0;
    for (let i = 0; i <= 8; i++) {
      due += Math.min(RETRY_FIRST_MS * 2 ** i, RETRY_MOST_MS);
      mkdirSync(dir);
      clock.ms = due - 1;
      r.write(sample((t += 1000)), []);
      expect(existsSync(file)).toBe(false);
      if (i === 8) break;
      rmSync(dir, { recursive: true });
      clock.ms = due;
      r.write(sample((t += 1000)), []);
    }
    // 1, 2, 4, 8, 16, 30, 30, 30, 30 s
    expect(due).toBe(151_000);
    expect(log).toEqual([expect.stringMatching(/^recording stopped: .*dir\/rec\.jsonl: not found; monitoring goes on, retrying$/)]);
    clock.ms = due;
    r.write(sample((t += 1000)), []);
    r.close();
    const entries = parseRecording(readFileSync(file, 'utf8')).entries;
    expect(entries).toHaveLength(2);
    expect(isGap(entries[0])).toBe(true);
    expect(entries[0]).toEqual({ time: T0 + 1000, gap: true, error: expect.stringMatching(/^not recorded \(18 entries\): .*not found$/) as string });
    expect(log[1]).toMatch(/\(18 entries not recorded\)$/);
  });
});
