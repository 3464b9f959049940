// The history chart's data: the captured /proc tree in fixtures/linux/states, with gaps between.
import { beforeAll, describe, expect, it } from 'vitest';
import { History } from '../../src/history.js';
import { sampleLinux } from '../../src/source/linux.js';
import { chartAllowed, chartData, chartPoints, chartSpan, chartTop } from '../../src/tui/chart-model.js';
import { computeLayout } from '../../src/tui/layout.js';
import type { Sample } from '../../src/types.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
let base: Sample;
beforeAll(async () => {
  base = await sampleLinux({ procRoot: PROC, now: () => Date.UTC(2026, 0, 1, 12, 0, 0) });
});

/** The captured sample `sec` seconds later with `tw` more TIME_WAIT. */
const at = (sec: number, tw: number): Sample => ({ ...base, time: base.time + sec * 1000, states: { ...base.states, TIME_WAIT: (base.states.TIME_WAIT ?? 0) + tw } });
const gap = (sec: number) => ({ time: base.time + sec * 1000, gap: true as const, error: 'ENOENT' });

describe('chartData', () => {
  it('the newest N entries: one label and one value per state for each sample, oldest first', () => {
    const h = new History(10);
    for (let i = 0; i < 6; i++) h.push(at(i * 2, i));
    const d = chartData(h, 4, 'all');
    expect(d.labels).toEqual(['12:00:04', '12:00:06', '12:00:08', '12:00:10']);
    const tw = base.states.TIME_WAIT ?? 0;
    expect(d.series.map((s) => s.title)).toEqual(['TIME_WAIT', 'ESTABLISHED', 'CLOSE_WAIT']);
    expect(d.series[0]?.values).toEqual([tw + 2, tw + 3, tw + 4, tw + 5]);
    expect(d.series[1]?.values).toEqual([13, 13, 13, 13]); // the capture's ESTABLISHED
    expect(d.series[2]?.values).toEqual(Array(4).fill(base.states.CLOSE_WAIT));
    expect(d.max).toBe(Math.max(tw + 5, 13));
    expect(d.gaps).toBe(0);
  });

  it('failed ticks are skipped, never drawn as zeros, and counted for the title', () => {
    const h = new History(10);
    h.push(at(0, 0));
    h.push(gap(2));
    h.push(gap(4));
    h.push(at(6, 1));
    const d = chartData(h, 10, 'all');
    expect(d.labels).toEqual(['12:00:00', '12:00:06']);
    expect(d.series).toHaveLength(3);
    expect(d.series.every((s) => s.values.length === 2 && s.values.every((v) => Number.isFinite(v)))).toBe(true);
    expect(d.gaps).toBe(2);
    expect(chartSpan(d)).toBe('12:00:00-12:00:06Z, 2 samples (2 failed ticks skipped)');
    // a gap that scrolled out of the window is no longer mentioned
    expect(chartData(h, 1, 'all').gaps).toBe(0);
    expect(chartSpan(chartData(new History(2), 5, 'all'))).toBe('waiting for samples');
  });

  it('follows the family filter like the state table', () => {
    const h = new History(2);
    h.push(base);
    expect(chartData(h, 2, 'ipv6').series[1]?.values).toEqual([base.families.ipv6.ESTABLISHED ?? 0]);
  });

  it('points fit the panel, the y axis has headroom and whole labels', () => {
    expect(chartPoints(160)).toBe(150);
    expect(chartPoints(5)).toBe(2);
    expect(chartTop(0)).toBe(5); // no load: contrib would divide by a zero top
    expect(chartTop(540)).toBe(650);
    expect(chartTop(7) % 5).toBe(0);
  });
});

describe('where the chart is shown', () => {
  const layout = (cols: number, rows: number, chart = true, advisor = false) => computeLayout(cols, rows, { stateRows: 12, advisor, chart });
  it('only on large terminals, and only when asked for; the destinations keep rows', () => {
    const big = layout(160, 50);
    expect(big.chart).toEqual({ top: 15, left: 0, width: 160, height: 11 });
    expect(big.destinations.top).toBe(26);
    expect(big.destinations.height).toBeGreaterThanOrEqual(6);
    expect(layout(120, 40).chart?.height).toBe(10);
    expect(layout(160, 50, false).chart).toBeUndefined();
    expect(layout(80, 24).chart).toBeUndefined();
    expect(layout(119, 50).chart).toBeUndefined();
    // an open advisor keeps its rows: the chart gives way where both do not fit
    expect(layout(120, 40, true, true).chart).toBeUndefined();
    const both = layout(160, 50, true, true);
    expect(both.chart?.height).toBe(11);
    expect(both.advisor?.height).toBeGreaterThanOrEqual(6);
    expect(both.destinations.height).toBeGreaterThanOrEqual(6);
    // at 80x24 the layout is the one without the chart
    expect(layout(80, 24)).toEqual(layout(80, 24, false));
  });

  it('needs UTF-8 and colour', () => {
    expect(chartAllowed({ ascii: false, color: true, env: { LANG: 'en_US.UTF-8' } })).toBe(true);
    expect(chartAllowed({ ascii: false, color: true, env: { LANG: 'C.UTF-8', LC_ALL: 'C' } })).toBe(false);
    expect(chartAllowed({ ascii: true, color: true, env: { LANG: 'C.UTF-8' } })).toBe(false);
    expect(chartAllowed({ ascii: false, color: false, env: { LANG: 'C.UTF-8' } })).toBe(false);
    expect(chartAllowed({ ascii: false, color: true, env: {} })).toBe(false);
  });
});
