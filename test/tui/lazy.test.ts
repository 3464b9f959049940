// blessed is loaded only for the live TUI on a terminal: the one-shot, JSON, analyze and piped
// paths must work with blessed made unloadable.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { PtySession } from '../helpers/pty.js';

const HOOK = fileURLToPath(new URL('../helpers/no-blessed.mjs', import.meta.url));
const PROC = 'fixtures/linux/states/proc';
const run = (args: string[], timeout = 20_000) => execa('node', ['--import', HOOK, CLI, ...args], { reject: false, cwd: ROOT, timeout });

describe('blessed stays out of the non-TUI paths', () => {
  it.each([
    [['--once', '--proc-root', PROC], /^TOTAL\s+41/m],
    [['--once', '--json', '--proc-root', PROC], /"ESTABLISHED": 13/],
    [['analyze', 'fixtures/linux/states/ss-tan.txt'], /^STATE\s+COUNT/m],
  ])('tcpwatch %j', async (args, expected) => {
    const r = await run(args);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout)).toMatch(expected);
  });

  it('live into a pipe', async () => {
    const r = await run(['--interval', '200ms', '--proc-root', PROC], 1500);
    expect(String(r.stderr)).not.toContain('blessed was loaded');
    expect(String(r.stdout)).toMatch(/^time\s+estab/);
  });

  let s: PtySession | undefined;
  afterEach(() => s?.kill());
  it('and the hook does catch it: the TUI on a terminal fails under it', async () => {
    s = new PtySession(['--proc-root', PROC], { cols: 80, rows: 24, nodeArgs: ['--import', HOOK] });
    await s.until('the refusal', () => s?.screen().includes('blessed was loaded') ?? false);
    expect((await s.ended()).code).toBe('1');
  });
});
