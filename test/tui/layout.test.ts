import { describe, expect, it } from 'vitest';
import { computeLayout, destColumns, stateColumns, type Layout, type Rect } from '../../src/tui/layout.js';

const STATE_ROWS = 12; // 11 states + TOTAL
const layout = (cols: number, rows: number, o: { advisor?: boolean; focus?: 'destinations' | 'alerts' | 'advisor'; fixLine?: boolean } = {}) =>
  computeLayout(cols, rows, { stateRows: STATE_ROWS, advisor: o.advisor ?? false, ...(o.focus ? { focus: o.focus } : {}), ...(o.fixLine ? { fixLine: true } : {}) });

const shown = (l: Layout): Array<[string, Rect]> =>
  (['header', 'strip', 'states', 'side', 'destinations', 'advisor', 'alertLog', 'footer'] as const)
    .map((k) => [k, l[k]] as [string, Rect | undefined])
    .filter((e): e is [string, Rect] => e[1] !== undefined && e[1].height > 0 && e[1].width > 0);

const overlap = (a: Rect, b: Rect) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

describe('computeLayout', () => {
  it('the fix line takes a row from the lower area below the states, and gives way on a terminal that needs that row', () => {
    const plain = layout(80, 24);
    const fix = layout(80, 24, { fixLine: true });
    expect([fix.strip.top, fix.strip.height, fix.states.top]).toEqual([1, 2, 3]);
    expect(fix.destinations.height).toBe(plain.destinations.height - 1);
    expect(fix.needs).toEqual(plain.needs);
    // 60x22 is the smallest size that shows every panel: the fix line gives way, nothing else does
    const least = layout(60, 22, { fixLine: true });
    expect([least.tooSmall, least.strip.height]).toEqual([false, 1]);
  });

  it.each([
    [80, 24],
    [60, 22],
    [100, 30],
    [120, 40],
    [160, 50],
    [300, 80],
  ])('%ix%i: every panel inside the screen, none overlapping, every state row shown', (cols, rows) => {
    for (const [advisor, focus, fixLine] of [
      [false, 'destinations', false],
      [true, 'advisor', false],
      [true, 'destinations', false],
      [false, 'alerts', false],
      [false, 'destinations', true],
      [true, 'advisor', true],
    ] as const) {
      const l = layout(cols, rows, { advisor, focus, fixLine });
      expect(l.tooSmall).toBe(false);
      const panels = shown(l);
      expect(panels.map(([name]) => name)).toEqual(expect.arrayContaining(['header', 'states', 'footer']));
      for (const [name, r] of panels) {
        expect(r.left + r.width, name).toBeLessThanOrEqual(cols);
        expect(r.top + r.height, name).toBeLessThanOrEqual(rows);
      }
      for (const [i, [a, ra]] of panels.entries()) for (const [b, rb] of panels.slice(i + 1)) expect(overlap(ra, rb), `${a} / ${b}`).toBe(false);
      expect(l.states.height).toBe(STATE_ROWS + 1);
      // the lower area always shows at least one readable panel
      const lower = [l.destinations, l.advisor, l.alertLog].filter((r) => r && r.top > l.states.top && r.height >= 3);
      expect(lower.length, `${advisor} ${focus}`).toBeGreaterThan(0);
      if (advisor && (focus === 'advisor' || rows >= 32)) expect(l.advisor?.height).toBeGreaterThanOrEqual(3);
    }
  });

  it('80x24: limits beside the states; the lower area shows the focused panel only', () => {
    const l = layout(80, 24);
    expect(l.side.top).toBe(l.states.top);
    expect(l.side.left).toBeGreaterThan(l.states.left + l.states.width - 1);
    expect(l.alertLog).toBeUndefined();
    expect(l.destinations).toMatchObject({ top: 15, height: 8 });
    const alerts = layout(80, 24, { focus: 'alerts' });
    expect(alerts.alertLog).toEqual(l.destinations);
    expect(alerts.destinations.height).toBe(0);
    const advice = layout(80, 24, { advisor: true, focus: 'advisor' });
    expect(advice.advisor).toEqual(l.destinations);
    expect(layout(80, 24, { advisor: true, focus: 'destinations' }).advisor).toBeUndefined();
  });

  it('tall: the advisor shares the lower area with the destinations, whatever has focus', () => {
    for (const focus of ['destinations', 'advisor', 'alerts'] as const) {
      const l = layout(120, 40, { advisor: true, focus });
      expect([l.destinations.height, l.advisor?.height, l.alertLog?.height]).toEqual([8, 8, 8]);
    }
  });

  it('narrow (under 80 columns): limits and rates go under the states', () => {
    const l = layout(70, 24);
    expect(l.side).toMatchObject({ top: l.states.top + l.states.height, left: 0, width: 70, height: 3 });
  });

  it('tall terminals get a permanent alert log above the footer', () => {
    const l = layout(120, 40);
    expect(l.alertLog).toBeDefined();
    expect((l.alertLog as Rect).top + (l.alertLog as Rect).height).toBe(l.footer.top);
    expect(layout(120, 40, { focus: 'alerts' }).destinations).toEqual(l.destinations);
  });

  it('too small: below 60 columns, or without room for one destination row; says what it needs', () => {
    expect(layout(20, 5)).toMatchObject({ tooSmall: true, needs: { cols: 60, rows: 22 } });
    expect(layout(59, 40).tooSmall).toBe(true);
    expect(layout(70, 21)).toMatchObject({ tooSmall: true, needs: { cols: 70, rows: 22 } });
    expect(layout(70, 22).tooSmall).toBe(false);
    expect(layout(80, 18)).toMatchObject({ tooSmall: true, needs: { cols: 80, rows: 19 } });
    expect(layout(80, 19).tooSmall).toBe(false);
  });

  it('the help overlay is centred and clipped to the screen', () => {
    const l = computeLayout(80, 24, { stateRows: STATE_ROWS, advisor: false, help: { width: 60, height: 20 } });
    expect(l.help).toEqual({ top: 2, left: 10, width: 60, height: 20 });
    expect(computeLayout(60, 22, { stateRows: STATE_ROWS, advisor: false, help: { width: 70, height: 30 } }).help).toEqual({ top: 0, left: 0, width: 60, height: 22 });
  });
});

describe('column widths', () => {
  it('the state table gives the sparkline what the numbers leave', () => {
    expect(stateColumns(49)).toEqual({ state: 11, count: 9, perSec: 8, share: 6, spark: 11 });
    expect(stateColumns(30).spark).toBe(0);
    const c = stateColumns(120);
    expect(c.state + c.count + c.perSec + c.share + c.spark + 4).toBe(120);
  });

  it('destinations fit the width; addresses grow up to what an IPv6 address with port needs', () => {
    for (const w of [60, 80, 120, 200]) {
      const c = destColumns(w);
      expect(c.local + c.remote + c.ports + c.timeWait + c.established + c.closeWait + (c.local > 0 ? 5 : 4), `width ${w}`).toBeLessThanOrEqual(w);
    }
    expect(destColumns(60)).toMatchObject({ local: 0, remote: 21 }); // 255.255.255.255:65535 fits
    expect(destColumns(300)).toMatchObject({ remote: 47, local: 39 });
    // NEW/S and FULL IN only where local and remote keep their room
    expect(destColumns(80)).toMatchObject({ newPerS: 0, fullIn: 0 });
    for (const w of [120, 200]) {
      const c = destColumns(w);
      expect(c.newPerS, `width ${w}`).toBeGreaterThan(0);
      expect(c.local + c.remote + c.ports + c.timeWait + c.established + c.closeWait + c.newPerS + c.fullIn + 7, `width ${w}`).toBeLessThanOrEqual(w);
    }
  });
});
