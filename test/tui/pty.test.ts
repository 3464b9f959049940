// The real program in a pseudo-terminal, read back through a headless terminal emulator.
import { cpSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { computeLayout } from '../../src/tui/layout.js';
import { isRoot, PtySession } from '../helpers/pty.js';

const sessions: PtySession[] = [];
const open = (args: string[], o: ConstructorParameters<typeof PtySession>[1]) => {
  const s = new PtySession(args, o);
  sessions.push(s);
  return s;
};
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

/** The count column of a state row. */
const count = (s: PtySession, state: string) => s.row(state)?.[1];

// Inside `unshare -n` the namespace holds only the wrapper's sockets: 12 held connections,
// 7 closed client-first, 3 half-closed by the client (test/helpers/tui-run.mjs).
const EXPECT = { ESTABLISHED: '24', TIME_WAIT: '7', CLOSE_WAIT: '3', FIN_WAIT2: '3', LISTEN: '1', TOTAL: '38' };

describe.skipIf(!isRoot)('TUI over real loopback sockets in a private network namespace (root)', () => {
  it('at 80x24 shows the exact counts, reacts to keys, and restores the terminal on q', async () => {
    const s = open(['--interval', '500ms'], { cols: 80, rows: 24, load: true });
    const { port } = await s.started();
    await s.until('the counts', () => count(s, 'TOTAL') === EXPECT.TOTAL);
    for (const [state, n] of Object.entries(EXPECT)) expect(count(s, state), state).toBe(n);
    expect(count(s, 'SYN_SENT')).toBe('0');
    // TIME_WAIT and ESTABLISHED lead the table
    const order = s.lines().map((l) => l.split(/\s+/)[0]);
    expect(order.indexOf('TIME_WAIT')).toBeLessThan(order.indexOf('ESTABLISHED'));
    expect(order.indexOf('ESTABLISHED')).toBeLessThan(order.indexOf('SYN_SENT'));
    // the one destination: 22 client ports toward the listener (12 + 7 + 3), by state
    const dest = s.row('127.0.0.1')?.slice(1);
    expect(dest).toEqual([`127.0.0.1:${port}`, '22', '7', '12', '0']);
    // the limits: sockstat tw (7 here) against the namespace's tcp_max_tw_buckets
    expect(s.screen()).toMatch(/\[[░]+\] 7\/[\d,]+/);
    expect(s.screen()).toMatch(/ 22\/28,232/);
    expect(s.lines()[0]).toContain('LIVE');

    s.press('p');
    await s.until('paused', () => s.lines()[0]?.includes('PAUSED') ?? false);
    const frozen = s.lines()[0];
    await new Promise((r) => setTimeout(r, 1200));
    expect(s.lines()[0]).toBe(frozen); // no new sample while paused: the time stays
    s.press('p');
    await s.until('live again', () => s.lines()[0]?.includes('LIVE') ?? false);

    s.press('s');
    await s.until('sorted by TIME_WAIT', () => s.screen().includes('DESTINATIONS by TIME_WAIT'));
    expect(s.screen()).toContain('TIME_WAIT*');

    s.press('?');
    await s.until('help', () => s.screen().includes('tcpwatch keys'));
    for (const key of ['q, Ctrl-C', 'p, Space', '+  / -', 'Tab, S-Tab', 's ', '4 / 6', 'a ', 'A ', '? ']) expect(s.screen()).toContain(key);
    s.press('x');
    await s.until('help closed', () => !s.screen().includes('tcpwatch keys'));

    s.press('6');
    await s.until('IPv6 only', () => s.lines()[0]?.includes('IPv6 only') ?? false);
    await s.until('IPv6 counts', () => count(s, 'TOTAL') === '0');
    expect(s.screen()).toContain('no outgoing connections');
    s.press('a');
    await s.until('all families', () => count(s, 'TOTAL') === EXPECT.TOTAL);
    expect(s.screen()).not.toContain('ADVISOR'); // a is the family key only
    s.press('A');
    await s.until('the advisor', () => s.screen().includes('>ADVISOR  (A: close)'));
    expect(count(s, 'TIME_WAIT')).toBe(EXPECT.TIME_WAIT); // the advisor leaves the state table visible
    expect(s.screen()).toContain('SETTINGS IN FORCE');

    s.press('+');
    await s.until('longer interval', () => s.lines()[0]?.includes('every 1s') ?? false);

    s.press('q');
    const end = await s.ended();
    expect(end.code).toBe('0');
    expect(s.term.buffer.active.type).toBe('normal');
    expect(s.cursorVisible()).toBe(true);
    expect(end.stty).toMatch(/(^|\s)echo(\s|$)/);
    expect(end.stty).toMatch(/(^|\s)icanon(\s|$)/);
  });

  it('at 160x50 shows more: longer history, all the rates, the alert log', async () => {
    const s = open(['--interval', '500ms'], { cols: 160, rows: 50, load: true });
    await s.started();
    await s.until('the counts', () => count(s, 'TOTAL') === EXPECT.TOTAL);
    for (const [state, n] of Object.entries(EXPECT)) expect(count(s, state), state).toBe(n);
    const screen = s.screen();
    expect(screen).toContain('ALERT LOG');
    expect(screen).toContain('no alerts raised or cleared yet');
    for (const rate of ['active opens', 'passive opens', 'new timewait', 'resets sent', 'listen overflows']) expect(screen).toContain(rate);
    // the sparkline column grows with the width: wait until it has more points than fit at 80
    await s.until('a long sparkline', () => (/TIME_WAIT\s+7\s+\S+\s+\S+\s+(█+)/.exec(s.screen())?.[1]?.length ?? 0) > 12);

    // resize to 80x24 and back: the layout follows, nothing left over from the old one
    s.resize(80, 24);
    await s.until('80x24 layout', () => (s.lines()[23] ?? '').startsWith('q quit') && !s.screen().includes('ALERT LOG'));
    expect(count(s, 'TOTAL')).toBe(EXPECT.TOTAL);
    s.resize(120, 40);
    await s.until('120x40 layout', () => s.screen().includes('ALERT LOG') && (s.lines()[39] ?? '').startsWith('q quit'));
    expect(count(s, 'TIME_WAIT')).toBe(EXPECT.TIME_WAIT);
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('at 160x50 a history chart (blessed-contrib line) plots the states; at 80x24 it is gone', async () => {
    const s = open(['--interval', '500ms'], { cols: 160, rows: 50, load: true });
    await s.started();
    await s.until('the counts', () => count(s, 'TOTAL') === EXPECT.TOTAL);
    const braille = () => [...s.screen()].filter((c) => c >= '\u2801' && c <= '\u28ff').length;
    const title = () => s.lines().find((l) => l.startsWith('HISTORY  ━ TIME_WAIT  ━ ESTABLISHED  ━ CLOSE_WAIT'));
    // two samples make a line: the plot, its axes and a time label under it
    await s.until('the chart', () => /\d+ samples/.test(title() ?? '') && braille() > 100);
    expect(s.screen()).toMatch(/\d\d:\d\d:\d\d {2,}\d\d:\d\d:\d\d/);
    expect(s.screen()).toContain('DESTINATIONS'); // the chart leaves the destinations room
    s.resize(80, 24);
    await s.until('80x24 layout', () => (s.lines()[23] ?? '').startsWith('q quit') && title() === undefined);
    expect(braille()).toBe(0);
    expect(count(s, 'TOTAL')).toBe(EXPECT.TOTAL);
    s.resize(160, 50);
    await s.until('the chart again', () => title() !== undefined && braille() > 100);
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('a real alert: TIME_WAIT at tcp_max_tw_buckets fills the strip and the alert log; a failing hook shows in the footer', async () => {
    // 5 buckets for the 7 client-first closes: the kernel keeps 5 and counts 2 overflows
    const s = open(['--interval', '500ms', '--on-alert', 'false', '--'], { cols: 80, rows: 24, load: true, sysctl: ['net.ipv4.tcp_max_tw_buckets=5'] });
    await s.started();
    await s.until('the alert', () => /^ALERTS CRITICAL .*tw_buckets/.test(s.lines()[1] ?? ''));
    expect(s.screen()).toMatch(/\[█+\] 5\/5/);
    expect(count(s, 'TIME_WAIT')).toBe('5');
    await s.until('the hook failure', () => /^on-alert false \(raised tw_buckets\) failed/.test(s.lines()[23] ?? ''));
    s.press('\t');
    await s.until('the alert log', () => s.screen().includes('>ALERT LOG'));
    expect(s.screen()).toMatch(/^ {2}\d\d:\d\d:\d\d RAISED CRITICAL tw_buckets/m);
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('at 80x24 during a real port exhaustion: number, destination and fix on screen with no key pressed, from the first sample', async () => {
    // 32 ephemeral ports, all in TIME_WAIT toward 127.0.0.1:20000 before tcpwatch starts; the load goes on failing
    const s = open(['--interval', '2s'], { cols: 80, rows: 24, exhaust: [40000, 40031] });
    await s.started();
    const headline = 'ports 100% (32/32) -> 127.0.0.1:20000';
    const fix = `fix: ${CATALOGUE.port_exhaustion.fix}`;
    // the first sample is judged: the level awaits its second sample (default --set samples=2)
    await s.until('the first sample judged', () => (s.lines()[1] ?? '').startsWith('ALERTS judging'));
    expect(s.lines()[1]?.trimEnd()).toBe(`ALERTS judging (1 of 2 samples): ${headline}`);
    expect(s.lines()[2]?.trimEnd()).toBe(fix);
    await s.until('the alert raised', () => (s.lines()[1] ?? '').startsWith('ALERTS CRITICAL'));
    expect(s.lines()[1]?.trimEnd()).toBe(`ALERTS CRITICAL ${headline}`);
    expect(s.lines()[2]?.trimEnd()).toBe(fix);
    expect(s.row('127.0.0.1')?.slice(1)).toEqual(['127.0.0.1:20000', '32', '32', '0', '0']);
    expect(count(s, 'TOTAL')).toBe('33'); // the listener and the 32 TIME_WAIT
    const log = (screen: string) => /RAISED CRITICAL port_exhaustion \[127\.0\.0\.1 -> 127\.0\.0\.1:20000\]/.test(screen) && /^ {4}remedy: Toward 127\.0\.0\.1:20000 from 127\.0\.0\.1: 32 ports/m.test(screen);
    s.press('\t');
    await s.until('the alert log with its remedy', () => s.screen().includes('>ALERT LOG') && log(s.screen()));
    s.press('\t');
    await s.until('the advisor', () => s.screen().includes('>ADVISOR'));
    for (const [cols, rows] of [
      [100, 30],
      [200, 50],
      [80, 24],
    ] as const) {
      s.resize(cols, rows);
      await s.until(`${cols}x${rows}`, () => (s.lines()[rows - 1] ?? '').startsWith('q quit') && (s.lines()[1] ?? '').startsWith(`ALERTS CRITICAL ${headline}`));
      expect(s.lines()[2]?.trimEnd()).toBe(fix);
      // tall: the alert log is always there, with the remedy under the raise
      if (rows >= 32) expect(log(s.screen())).toBe(true);
      if (cols >= 100) expect(s.lines()[rows - 1]).toContain('+/- interval');
    }
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('redraws only what changed: an idle tick writes a small fraction of the first frame', async () => {
    const s = open(['--interval', '500ms'], { cols: 80, rows: 24, load: true });
    await s.started();
    await s.until('the counts', () => count(s, 'TOTAL') === EXPECT.TOTAL);
    const first = s.raw.length;
    // once the sparklines span their width, a tick with the same counts only moves the clock
    const full = ` ${'█'.repeat(computeLayout(80, 24, { stateRows: 12, advisor: false }).stateCols.spark)} `;
    await s.until(
      'full sparklines',
      () =>
        s
          .lines()
          .find((l) => l.startsWith('TOTAL'))
          ?.includes(full) ?? false,
      30_000,
    );
    const clock = () => / at (\d\d:\d\d:\d\d)Z/.exec(s.lines()[0] ?? '')?.[1];
    const before = s.raw.length;
    const seen = new Set([clock()]);
    // four more clock changes: at least four ticks, at most about nine (two per second)
    await s.until('four more seconds of ticks', () => seen.add(clock()).size > 4, 30_000);
    const perTick = (s.raw.length - before) / 4;
    console.log(`bytes written: first frame ${first}, at most ${perTick.toFixed(0)} per idle tick`);
    expect(perTick).toBeGreaterThan(0);
    expect(perTick).toBeLessThan(first / 5);
    s.press('q');
    await s.ended();
  });
});

describe('TUI exit paths (any user; the host namespace)', () => {
  if (!isRoot) console.log('not root: the exact-count TUI tests (unshare -n) are skipped');

  // SIGHUP ends by the signal itself once the screen is restored (src/cli.ts hangUp)
  for (const [sig, code, signal] of [
    ['SIGTERM', '143', 'null'],
    ['SIGHUP', 'null', 'SIGHUP'],
  ] as const) {
    it(`${sig} restores the terminal before exiting`, async () => {
      const s = open(['--interval', '1s'], { cols: 80, rows: 24 });
      const { pid } = await s.started();
      await s.until('the first sample', () => s.screen().includes('TOTAL') && s.term.buffer.active.type === 'alternate');
      process.kill(pid, sig);
      const end = await s.ended();
      expect([end.code, end.signal]).toEqual([code, signal]);
      expect(s.term.buffer.active.type).toBe('normal');
      expect(s.cursorVisible()).toBe(true);
      expect(end.stty).toMatch(/(^|\s)echo(\s|$)/);
    });
  }

  it('a terminal that goes away (ssh drop) ends tcpwatch at once, without a crash', async () => {
    const stderr = join(mkdtempSync(join(tmpdir(), 'tcpwatch-hup-')), 'stderr');
    const s = open(['--interval', '500ms'], { cols: 80, rows: 24, stderrFile: stderr });
    const { pid } = await s.started();
    await s.until('the first sample', () => s.screen().includes('TOTAL'));
    s.hangUp();
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await s.until('tcpwatch to end', () => !alive(), 10_000);
    // Node 20 aborts with "Assertion failed ... ResetStdio" when it exits normally here
    expect(readFileSync(stderr, 'utf8')).toBe('');
  });

  // Here tcpwatch's process group is orphaned (its parent leads the session), so the kernel drops
  // the stop, as under `ssh -t host tcpwatch`; with a job-control shell it stops until `fg`.
  it('Ctrl-Z gives the terminal back; where it cannot stop, the screen comes right back', async () => {
    const s = open(['--interval', '500ms'], { cols: 80, rows: 24 });
    await s.started();
    await s.until('the first sample', () => s.screen().includes('TOTAL') && s.term.buffer.active.type === 'alternate');
    const from = s.raw.length;
    s.press('\x1a');
    await s.until('back on the alternate screen', () => s.raw.indexOf('\x1b[?1049h', from) > 0 && s.term.buffer.active.type === 'alternate' && s.screen().includes('TOTAL'));
    const out = s.raw.slice(from);
    expect(out.indexOf('\x1b[?1049l')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('\x1b[?1049l')).toBeLessThan(out.indexOf('\x1b[?25h'));
    expect(out.indexOf('\x1b[?25h')).toBeLessThan(out.indexOf('\x1b[?1049h'));
    s.press('p'); // keys work again
    await s.until('paused', () => s.lines()[0]?.includes('PAUSED') ?? false);
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('Ctrl-C quits with status 0 and restores the terminal', async () => {
    const s = open([], { cols: 80, rows: 24 });
    await s.started();
    await s.until('the first sample', () => s.screen().includes('TOTAL'));
    s.press('\x03');
    const end = await s.ended();
    expect(end.code).toBe('0');
    expect(s.term.buffer.active.type).toBe('normal');
    expect(end.stty).toMatch(/(^|\s)echo(\s|$)/);
  });

  it('NO_COLOR: no colour anywhere on screen, selection still marked by inverse', async () => {
    const s = open(['--interval', '500ms'], { cols: 100, rows: 30, env: { NO_COLOR: '1' } });
    await s.started();
    await s.until('the first sample', () => s.screen().includes('TOTAL'));
    const b = s.term.buffer.active;
    let colored = 0;
    let inverse = 0;
    for (let y = 0; y < s.term.rows; y++) {
      const line = b.getLine(b.viewportY + y);
      for (let x = 0; x < s.term.cols; x++) {
        const c = line?.getCell(x);
        if (!c) continue;
        if (!c.isFgDefault() || !c.isBgDefault()) colored++;
        if (c.isInverse()) inverse++;
      }
    }
    expect(colored).toBe(0);
    expect(inverse).toBeGreaterThan(0); // header and focused panel title
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('--ascii keeps every cell ASCII (LANG=C terminals)', async () => {
    const s = open(['--ascii', '--interval', '500ms'], { cols: 80, rows: 24, env: { LANG: 'C' } });
    await s.started();
    await s.until('two samples', () => s.screen().includes('TOTAL') && /\[[#.]+\]/.test(s.screen()));
    expect(s.screen()).toMatch(/^[\x20-\x7e\n]*$/);
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('without a terminal (a pipe) prints plain lines, and so with TERM=dumb', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const r = await runCli(['--interval', '200ms'], { timeout: 1500, env: { TERM: 'xterm-256color' } });
    expect(r.stdout.split('\n')[0]).toMatch(/^time\s+estab/);
    expect(r.stdout).not.toContain('\x1b[');
    const s = open(['--interval', '200ms'], { cols: 200, rows: 24, env: { TERM: 'dumb' } });
    await s.until('plain lines', () => /estab .* timewait/.test(s.screen()));
    expect(s.term.buffer.active.type).toBe('normal');
    process.kill(s.state().pid, 'SIGTERM');
    await s.ended();
  });
});

/** A private copy of the captured /proc tree (fixtures/linux/states), so a test may break it. */
function procCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-proc-'));
  cpSync(fileURLToPath(new URL('../../fixtures/linux/states/proc', import.meta.url)), join(dir, 'proc'), { recursive: true });
  return join(dir, 'proc');
}

// fixtures/linux/states: 41 sockets, 32 IPv4 and 9 IPv6 (see its README)
describe('TUI over the captured /proc tree (any user)', () => {
  it('4 / 6 / a filter the families; Tab moves focus to the alert log, the advisor and back; Shift-Tab back', async () => {
    const s = open(['--interval', '500ms', '--proc-root', procCopy()], { cols: 80, rows: 24 });
    await s.started();
    await s.until('the counts', () => count(s, 'TOTAL') === '41');
    s.press('4');
    await s.until('IPv4 only', () => (s.lines()[0] ?? '').includes('IPv4 only') && count(s, 'TOTAL') === '32');
    expect(count(s, 'TIME_WAIT')).toBe('4');
    expect(s.screen()).not.toContain('[::1]');
    s.press('6');
    await s.until('IPv6 only', () => (s.lines()[0] ?? '').includes('IPv6 only') && count(s, 'TOTAL') === '9');
    expect(count(s, 'TIME_WAIT')).toBe('2');
    expect(s.row('::1')?.[1]).toBe('[::1]:8081');
    s.press('a');
    await s.until('all families', () => count(s, 'TOTAL') === '41' && !(s.lines()[0] ?? '').includes(' only'));
    expect(s.screen()).not.toContain('ADVISOR');

    // 80x24 has no room for the alert log beside the destinations: focus swaps them
    expect(s.screen()).toContain('>DESTINATIONS');
    s.press('\t');
    await s.until('alert log focused', () => s.screen().includes('>ALERT LOG'));
    expect(s.screen()).not.toContain('DESTINATIONS');
    expect(s.screen()).toContain('no alerts raised or cleared yet');
    s.press('\t'); // every panel the help lists: the advisor too
    await s.until('advisor focused', () => s.screen().includes('>ADVISOR'));
    expect(s.screen()).toContain('SETTINGS IN FORCE');
    s.press('\t');
    await s.until('destinations again', () => s.screen().includes('>DESTINATIONS') && !s.screen().includes('ADVISOR'));
    s.press('\x1b[Z'); // Shift-Tab goes back
    await s.until('advisor again', () => s.screen().includes('>ADVISOR'));
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('a terminal too small for the panels shows what it needs, and the panels come back', async () => {
    const s = open(['--interval', '500ms', '--proc-root', procCopy()], { cols: 20, rows: 5 });
    await s.started();
    await s.until('the notice', () => s.screen().replace(/\s+/g, ' ').includes('Too small: 20x5, needs 60x22. q quits.'));
    expect(s.exited).toBe(false);
    s.resize(80, 24);
    await s.until('the panels', () => count(s, 'TOTAL') === '41' && (s.lines()[23] ?? '').startsWith('q quit'));
    expect(s.screen()).not.toContain('Too small');
    s.resize(70, 21); // wide enough, one row short of the destinations' minimum
    await s.until('the notice again', () => s.screen().includes('Too small: 70x21, needs 70x22'));
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });

  it('a tick whose source fails shows as a gap and a message, never as zeros; then recovers', async () => {
    const proc = procCopy();
    // wide enough for the whole error (a narrower footer cuts its middle)
    // --max-cpu 100%: every tick reads net/tcp (under the default budget a cheap tick would not notice it gone)
    const s = open(['--interval', '300ms', '--proc-root', proc, '--max-cpu', '100%'], { cols: 200, rows: 24 });
    await s.started();
    const totalLine = () => s.lines().find((l) => l.startsWith('TOTAL')) ?? '';
    await s.until('some history', () => count(s, 'TOTAL') === '41' && /█{3} /.test(totalLine()));
    renameSync(join(proc, 'net/tcp'), join(proc, 'net/tcp.away'));
    await s.until('the failure', () => (s.lines()[23] ?? '').startsWith('no sample at'));
    expect(s.lines()[23]).toMatch(/^no sample at \d\d:\d\d:\d\dZ \(showing the last good one\): cannot read the TCP table: \S+\/net\/tcp: not found/);
    expect(s.lines()[0]).toMatch(/STALE, last good \d\d:\d\d:\d\dZ/);
    // the figures are the last good ones, and the sparkline ends in blanks (the failed ticks)
    expect(count(s, 'TOTAL')).toBe('41');
    expect(count(s, 'ESTABLISHED')).toBe('13');
    await s.until('a gap at the end of the sparkline', () => /█ {2,} \S/.test(totalLine()));
    renameSync(join(proc, 'net/tcp.away'), join(proc, 'net/tcp'));
    await s.until('recovery', () => /^q quit/.test(s.lines()[23] ?? '') && / at \d\d:\d\d:\d\dZ/.test(s.lines()[0] ?? ''));
    // the gap stays in the history, between good samples
    await s.until('the gap between bars', () => /█ +█/.test(totalLine()));
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });
});
