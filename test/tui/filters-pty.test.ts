// The TUI counts what --state keeps: the real program in a pseudo-terminal over the wrapper's
// loopback sockets in a private network namespace (test/helpers/tui-run.mjs: 12 held connections,
// 7 closed client-first, 3 half-closed by the client).
import { afterEach, describe, expect, it } from 'vitest';
import { isRoot, PtySession } from '../helpers/pty.js';

const sessions: PtySession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

const count = (s: PtySession, state: string) => s.row(state)?.[1];

describe.skipIf(!isRoot)('TUI with a filter (root: a private network namespace)', () => {
  it('--state time-wait,close-wait at 80x24: only those sockets, and their destination', async () => {
    const s = new PtySession(['--interval', '500ms', '--state', 'time-wait,close-wait'], { cols: 80, rows: 24, load: true });
    sessions.push(s);
    const { port } = await s.started();
    await s.until('the filtered counts', () => count(s, 'TOTAL') === '10');
    expect([count(s, 'TIME_WAIT'), count(s, 'CLOSE_WAIT'), count(s, 'ESTABLISHED'), count(s, 'LISTEN'), count(s, 'FIN_WAIT2')]).toEqual(['7', '3', '0', '0', '0']);
    // the client side's TIME_WAIT toward the listener; the CLOSE_WAIT sit on the listener's port (inbound)
    expect(s.row('127.0.0.1')?.slice(1, 3)).toEqual([`127.0.0.1:${port}`, '7']);
  });
});
