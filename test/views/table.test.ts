// The one-shot report's LIMITS line for timewait sockets: what sockstat's tw holds, said where it is
// not TIME_WAIT alone (orphaned FIN_WAIT2 sockets are timewait mini-sockets the buckets count too).
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/types.js';
import { gauges } from '../../src/tui/gauges.js';
import { renderTable } from '../../src/views/table.js';
import { sample } from '../helpers/synthetic.js';

const twLine = (text: string) => text.split('\n').find((l) => l.includes('TIME_WAIT vs tcp_max_tw_buckets')) ?? '';

describe('--once LIMITS: timewait sockets against tcp_max_tw_buckets', () => {
  it('tw all TIME_WAIT: the count and its source only', () => {
    const s = sample(0, { sockstat: { tw: 300 } });
    s.states.TIME_WAIT = 300;
    expect(twLine(renderTable(s, []))).toMatch(/300 of 1,000 +30\.0% +timewait sockets \(sockstat tw\)$/);
  });

  it('a server that never closes, its clients gone: tw holds their orphaned FIN_WAIT2, said so', () => {
    const s = sample(0, { sockstat: { tw: 150 } });
    s.states.FIN_WAIT2 = 150;
    s.states.CLOSE_WAIT = 150;
    expect(twLine(renderTable(s, []))).toMatch(/150 of 1,000 +15\.0% +timewait sockets \(sockstat tw\): 0 TIME_WAIT \+ 150 FIN_WAIT2 \(closed here, not yet by the peer\)$/);
    // FIN_WAIT2 held open (not in tw) is not taken for it
    const held = sample(0, { sockstat: { tw: 10 } });
    held.states.TIME_WAIT = 10;
    held.states.FIN_WAIT2 = 40;
    expect(twLine(renderTable(held, []))).toMatch(/timewait sockets \(sockstat tw\)$/);
  });
});

describe('--once on a terminal: prose wrapped to its width, tables kept whole', () => {
  const alert: Alert = {
    rule: 'port_exhaustion',
    level: 'critical',
    value: 96,
    limit: 100,
    since: 0,
    message: '127.0.0.1 -> 127.0.0.1:8080: 96 of 100 ports (96.0%)',
    remedy: `Reuse connections ${'(keep-alive pool to this upstream) '.repeat(6)}end.`,
  };

  it('an alert and its fix wrapped at the width, the continuation indented under it; the state table as it was', () => {
    const s = sample(0, { sockstat: { tw: 300 }, warnings: [`a warning ${'that goes on '.repeat(10)}to its end`] });
    s.states.TIME_WAIT = 300;
    const whole = renderTable(s, [alert]);
    const wrapped = renderTable(s, [alert], { width: 60 });
    const tail = (t: string) => t.slice(t.indexOf('\nALERTS'));
    for (const line of tail(wrapped).split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(tail(wrapped)).toMatch(/\n {6}fix: Reuse connections/);
    expect(tail(wrapped)).toMatch(/\n {8}\(keep-alive/);
    expect(tail(wrapped).replace(/\s+/g, ' ')).toBe(tail(whole).replace(/\s+/g, ' '));
    // the state table is untouched (a wrapped row would break its columns)
    const states = (t: string) => t.slice(t.indexOf('STATE'), t.indexOf('\nLIMITS'));
    expect(states(wrapped)).toBe(states(whole));
  });

  it('LIMITS: a note too long for the terminal wrapped under its own column; destinations one space apart where two do not fit', () => {
    const d = { local: '127.0.0.1', remote: '127.0.0.1', remotePort: 8080, portsInUse: 96, states: { ESTABLISHED: 25, TIME_WAIT: 71 }, rates: { newPerSecond: 0, fullInSeconds: null, basis: 'timers' as const } };
    const s = sample(0, { sockstat: { tw: 71 }, destinations: [d], destinationCount: 1 });
    s.states.TIME_WAIT = 71;
    const whole = renderTable(s, []);
    const narrow = renderTable(s, [], { width: 79 });
    const section = (t: string, from: string, to: string) => t.slice(t.indexOf(from), t.indexOf(to, t.indexOf(from)));
    const limits = section(narrow, 'LIMITS', '\nTOP DESTINATIONS').split('\n');
    for (const l of limits) expect(l.length).toBeLessThanOrEqual(79);
    const note = limits.findIndex((l) => l.includes('ip_local_port_range'));
    const col = limits[note]?.indexOf('ip_local_port_range') ?? -1;
    // the continuation starts under the note's first word
    expect(limits[note + 1]).toMatch(new RegExp(`^ {${col}}\\S`));
    expect(section(narrow, 'LIMITS', '\nTOP').replace(/\s+/g, ' ')).toBe(section(whole, 'LIMITS', '\nTOP').replace(/\s+/g, ' '));
    const dests = section(narrow, 'TOP DESTINATIONS', '\n\n').split('\n');
    expect(
      section(whole, 'TOP DESTINATIONS', '\n\n')
        .split('\n')
        .some((l) => l.length > 79),
    ).toBe(true);
    for (const l of dests) expect(l.length).toBeLessThanOrEqual(79);
    expect(dests[1]).toMatch(/^ {2}LOCAL +REMOTE +PORTS ESTAB TIME_WAIT CLOSE_WAIT OTHER NEW\/S FULL IN$/);
  });
});

describe('the TUI tw_buckets gauge', () => {
  it('says what its timewait sockets are where FIN_WAIT2 is among them', () => {
    const s = sample(0, { sockstat: { tw: 150 } });
    s.states.FIN_WAIT2 = 150;
    expect(gauges(s)[0]).toMatchObject({ used: 150, limit: 1000, detail: '0 TIME_WAIT + 150 FIN_WAIT2 (closed here, not yet by the peer)' });
    const plain = sample(0, { sockstat: { tw: 7 } });
    plain.states.TIME_WAIT = 7;
    expect(gauges(plain)[0]?.detail).toBe('sockstat tw (v4+v6)');
  });
});
