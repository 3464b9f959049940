// An error inside the running TUI restores the terminal before it propagates. In-process:
// blessed writes into a stream that feeds a headless terminal emulator (docs/stack-notes.md, way 1).
import xterm from '@xterm/headless';
import { PassThrough, Writable } from 'node:stream';
import { expect, it } from 'vitest';
import type { Feed } from '../../src/monitor/feed.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { sampleLinux } from '../../src/source/linux.js';
import { runTui } from '../../src/tui/run.js';

const { Terminal } = xterm;
const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;

it('an exception in a tick (here: the feed) leaves the alternate screen and shows the cursor, then rejects', async () => {
  const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  let raw = '';
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        raw += chunk.toString();
        term.write(chunk, () => cb());
      },
    }),
    { isTTY: true, columns: 80, rows: 24 },
  );
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  let ticks = 0;
  // a bug, not a failed sample (a live feed turns those into gaps): the screen must still be restored
  const feed: Feed = {
    next: () => {
      if (++ticks === 3) throw new Error('feed exploded');
      return sampleLinux({ procRoot: PROC });
    },
  };
  const monitor = new Monitor({ feed, intervalMs: 100, historySize: 10, rules: defaultRulesConfig() });
  const run = runTui({
    monitor,
    color: true,
    ascii: false,
    info: { host: 'h', kernel: 'k', root: PROC },
    adviceFor: () => [],
    input,
    output,
    term: 'xterm-256color',
  });
  await expect(run).rejects.toThrow('feed exploded');
  await new Promise<void>((r) => term.write('', r));
  expect(ticks).toBe(3);
  expect(raw).toContain('TOTAL'); // it did draw before failing
  expect(term.buffer.active.type).toBe('normal');
  expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'));
});
