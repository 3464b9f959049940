// The TUI's pure parts over a real sample: the captured /proc tree in fixtures/linux/states.
import { beforeAll, describe, expect, it } from 'vitest';
import { History } from '../../src/history.js';
import { sampleLinux } from '../../src/source/linux.js';
import { buildView, initialUi, sortDestinations, stateOrder, type UiState } from '../../src/tui/model.js';
import type { Sample } from '../../src/types.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
const INFO = { host: 'h', kernel: 'k', root: PROC };
let base: Sample;
beforeAll(async () => {
  base = await sampleLinux({ procRoot: PROC, now: () => 1_000_000 });
});

/** The captured sample `sec` seconds later, with some TIME_WAIT and counters added. */
function later(sec: number, moreTw: number, moreOpens: number): Sample {
  return {
    ...base,
    time: base.time + sec * 1000,
    states: { ...base.states, TIME_WAIT: (base.states.TIME_WAIT ?? 0) + moreTw },
    counters: { ...base.counters, Tcp: { ...base.counters.Tcp, ActiveOpens: (base.counters.Tcp.ActiveOpens ?? 0) + moreOpens } },
  };
}

const view = (h: History, ui: Partial<UiState> = {}, seriesLen = 10) => buildView(h, { ...initialUi(2000), ...ui }, INFO, { seriesLen });

describe('buildView', () => {
  it('no sample yet: rows without numbers, no problem', () => {
    const v = view(new History(5));
    expect(v.states.map((r) => r.count)).toEqual(v.states.map(() => undefined));
    expect(v.header.sampleTime).toBeUndefined();
    expect(v.problem).toBeUndefined();
  });

  it('--netns / --pid: the header names the namespace the samples are of, as --once does', () => {
    const h = new History(5);
    h.push(base);
    expect(view(h).header.info.netns).toBeUndefined();
    h.push({ ...later(2, 0, 0), netns: { name: 'blue', sameAsReader: false } });
    expect(view(h).header.info.netns).toBe('netns blue');
    h.push({ ...later(4, 0, 0), netns: { pid: 812, command: 'nginx' } });
    expect(view(h).header.info.netns).toBe('netns of pid 812 (nginx)');
  });

  it('states: TIME_WAIT and ESTABLISHED first, counts and shares of the captured tree', () => {
    const h = new History(5);
    h.push(base);
    const v = view(h);
    expect(v.states.map((r) => r.state).slice(0, 3)).toEqual(['TIME_WAIT', 'ESTABLISHED', 'SYN_SENT']);
    expect(v.states.find((r) => r.state === 'ESTABLISHED')?.count).toBe(13);
    expect(v.total.count).toBe(41);
    expect(v.states.find((r) => r.state === 'LISTEN')?.share).toBeCloseTo(8 / 41);
    expect(v.states[0]?.perSec).toBeUndefined(); // one sample: no change yet
  });

  it('change per second and counter rates from the two newest samples', () => {
    const h = new History(5);
    h.push(base);
    h.push(later(2, 10, 30));
    const v = view(h);
    expect(v.states.find((r) => r.state === 'TIME_WAIT')?.perSec).toBe(5);
    expect(v.rates.find((r) => r.label === 'active opens')?.perSec).toBe(15);
  });

  it('a carried-over breakdown is not "no change": change/s spans the breakdowns', () => {
    const h = new History(5);
    h.push(base);
    const full = later(2, 10, 0);
    h.push(full);
    h.push({ ...full, time: full.time + 2000, breakdownTime: full.time }); // a cheap tick
    expect(view(h).states.find((r) => r.state === 'TIME_WAIT')?.perSec).toBe(5);
  });

  it('families filter states and destinations; gauges stay for all families', () => {
    const h = new History(5);
    h.push(base);
    const v4 = view(h, { family: 'ipv4' });
    const v6 = view(h, { family: 'ipv6' });
    expect([v4.total.count, v6.total.count]).toEqual([32, 9]);
    expect(v6.destinations.map((d) => d.remote)).toEqual(['::1']);
    expect(v4.destinations.length).toBeGreaterThan(0);
    expect(v4.destinations.every((d) => !d.remote.includes(':'))).toBe(true);
    expect(v6.gauges).toEqual(v4.gauges);
    expect(v4.gauges[1]).toMatchObject({ used: 7, limit: 28_232, detail: '-> 127.0.0.1:8080' });
  });

  it('a failed tick: a NaN in every series, the last good figures, a severe problem', () => {
    const h = new History(5);
    h.push(base);
    h.push({ time: base.time + 2000, gap: true, error: 'cannot read the TCP table: ENOENT' });
    const v = view(h);
    expect(v.total.count).toBe(41);
    expect(v.total.series).toEqual([41, NaN]);
    expect(v.header).toMatchObject({ stale: true, sampleTime: base.time });
    expect(v.problem).toEqual({ severe: true, text: expect.stringMatching(/\(showing the last good one\): cannot read the TCP table: ENOENT$/) as unknown });
    h.push(later(4, 0, 0));
    expect(view(h).problem).toBeUndefined();
    expect(view(h).header.stale).toBe(false);
  });

  it('a partial read is a mild problem', () => {
    const h = new History(5);
    h.push({ ...base, warnings: ['net/snmp: not found'] });
    expect(view(h).problem).toEqual({ severe: false, text: 'net/snmp: not found' });
  });

  it('series are the newest seriesLen values, oldest first', () => {
    const h = new History(100);
    for (let i = 0; i < 30; i++) h.push(later(i, i, 0));
    const tw = view(h, {}, 4).states[0]?.series;
    expect(tw).toEqual([26, 27, 28, 29].map((i) => (base.states.TIME_WAIT ?? 0) + i));
  });

  it('states the table does not know (e.g. Windows BOUND) come after the known ones', () => {
    expect(stateOrder(['BOUND']).at(-1)).toBe('BOUND');
    expect(stateOrder()).toHaveLength(11);
  });
});

describe('sortDestinations', () => {
  const d = (remote: string, portsInUse: number, timeWait: number, closeWait: number) => ({ local: '10.0.0.1', remote, remotePort: 80, portsInUse, timeWait, established: portsInUse - timeWait - closeWait, closeWait });
  const rows = [d('10.0.0.9', 5, 1, 3), d('10.0.0.2', 9, 2, 0), d('10.0.0.5', 2, 2, 0)];
  it.each([
    ['ports', ['10.0.0.2', '10.0.0.9', '10.0.0.5']],
    ['timewait', ['10.0.0.2', '10.0.0.5', '10.0.0.9']],
    ['closewait', ['10.0.0.9', '10.0.0.2', '10.0.0.5']],
    ['remote', ['10.0.0.2', '10.0.0.5', '10.0.0.9']],
  ] as const)('by %s', (sort, order) => {
    expect(sortDestinations(rows, sort).map((r) => r.remote)).toEqual(order);
  });
});
