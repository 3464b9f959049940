import { execa } from 'execa';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-serve-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('serve --record', () => {
  it('records samples and the ticks whose source failed; the replay shows the hole', async () => {
    // a copy of the captured tree whose TCP table the test takes away for a while
    const proc = join(dir, 'proc');
    cpSync(join(ROOT, 'fixtures/linux/states/proc'), proc, { recursive: true });
    const file = join(dir, 'serve.jsonl');
    // every tick a full scan (--max-cpu 100): on a busy machine the budget would put the table's read, and so the gap, off for up to 30 s
    const child = execa('node', [CLI, 'serve', '--listen', '127.0.0.1:0', '--interval', '100ms', '--max-cpu', '100', '--proc-root', proc, '--record', file], { reject: false, timeout: 20_000 });
    try {
      await until(() => lines(file).length >= 2);
      renameSync(join(proc, 'net/tcp'), join(proc, 'net/tcp.away'));
      await until(() => lines(file).some((l) => l.includes('"error"')));
      renameSync(join(proc, 'net/tcp.away'), join(proc, 'net/tcp'));
      const n = lines(file).length;
      await until(() => lines(file).length >= n + 2);
    } finally {
      child.kill('SIGTERM');
      await child;
    }
    const rec = lines(file).map((l) => JSON.parse(l) as { error?: string; states?: { TIME_WAIT: number } });
    const gap = rec.findIndex((e) => e.error !== undefined);
    expect(gap).toBeGreaterThanOrEqual(2);
    expect(rec[gap]?.error).toMatch(/cannot read the TCP table: .*net\/tcp: not found/);
    expect(rec[rec.length - 1]?.states?.TIME_WAIT).toBe(6);
    const r = await runCli(['replay', file]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Z\s+no sample: cannot read the TCP table: .*net\/tcp: not found/);
  });
});
