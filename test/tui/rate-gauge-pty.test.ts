// The ports gauge during a real load at a set rate, in a pseudo-terminal at 80x24.
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { isRoot, PtySession } from '../helpers/pty.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

const RATE = 40;
const PORTS = 2000;

describe.skipIf(!isRoot)('the ports gauge with its rate, over a real load (root)', () => {
  it(`at 80x24, ${RATE}/s toward one port with ${PORTS} usable: percentage, destination, rate, fill time, the last seconds and the fix on screen with no key pressed`, { timeout: 60_000 }, async () => {
    const s = (session = new PtySession(['--interval', '1s'], { cols: 80, rows: 24, rate: [RATE, PORTS] }));
    await s.started();
    const read = (screen: string) => {
      const pct = /ports (\d+\.\d)% -> 127\.0\.0\.1:20000/.exec(screen);
      const used = / (\d+)\/2,000$/m.exec(screen);
      const rate = /(\d+)\/s {2}full in (\d+) s ([▁▂▃▄▅▆▇█]+)$/m.exec(screen);
      return pct && used && rate ? { pct: Number(pct[1]), used: Number(used[1]), perS: Number(rate[1]), fullIn: Number(rate[2]), spark: rate[3] ?? '' } : undefined;
    };
    // a few seconds of load, so the youngest TIME_WAIT ages span whole seconds of it
    await s.until('six seconds of load on the gauge', () => (read(s.screen())?.used ?? 0) >= 6 * RATE, 30_000);
    const screen = s.screen();
    const g = read(screen);
    expect(g, screen).toBeDefined();
    if (!g) return;
    expect(g.pct).toBeCloseTo((100 * g.used) / PORTS, 0);
    // paced by the clock: the rate asked for, give or take the load's start-up
    expect(g.perS).toBeGreaterThanOrEqual(34);
    expect(g.perS).toBeLessThanOrEqual(46);
    // nothing expires within 60 s: the truth is the free ports over the rate
    const truth = (PORTS - g.used) / RATE;
    expect(Math.abs(g.fullIn - truth)).toBeLessThanOrEqual(truth * 0.2);
    // one cell per second of the last minute: the load's seconds stand above the quiet before it
    expect(g.spark).toMatch(/█$/);
    // it fills within --set port_exhaustion.full_in (5 min): the predicted warning and its fix, unasked
    expect(screen.split('\n')[1]).toMatch(/^ALERTS (judging \(1 of 2 samples\): |WARNING )ports \d+% \(\d+\/2,000\) -> 127\.0\.0\.1:20000/);
    expect(screen.split('\n')[2]?.trimEnd()).toBe(`fix: ${CATALOGUE.port_exhaustion.fix}`);
    s.press('q');
    expect((await s.ended()).code).toBe('0');
  });
});
