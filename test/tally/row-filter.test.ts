// The filters over the real rows of fixtures/linux/states (every state on loopback); each expected
// count was taken from that capture's ss-tan.txt, made in the same second (awk over its columns).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcNetTcp } from '../../src/parse/proc-net-tcp.js';
import { parsedRows, sampleFromRows } from '../../src/sample.js';
import { TCP_STATES } from '../../src/states.js';
import { describeFilter, parseEndpoint, parseStates, type RowFilterSpec } from '../../src/tally/filter-spec.js';
import { rowPredicate } from '../../src/tally/row-filter.js';
import { sortDestinations } from '../../src/tally/destination-order.js';
import type { Destination, TcpRow } from '../../src/types.js';

const DIR = 'fixtures/linux/states/proc/net';
const tables = ['tcp', 'tcp6'].map((f) => parseProcNetTcp(readFileSync(`${DIR}/${f}`, 'latin1')));
const rows: TcpRow[] = tables.flatMap((t) => t.rows);

const count = (spec: RowFilterSpec) => {
  const keep = rowPredicate(spec);
  return keep ? rows.filter(keep).length : rows.length;
};

describe('rowPredicate over a real table', () => {
  it('reads the whole capture (41 sockets, as ss saw them)', () => {
    expect(rows).toHaveLength(41);
    expect(rowPredicate({})).toBeUndefined();
    expect(rowPredicate({ states: [...TCP_STATES] })).toBeUndefined(); // every state: no work per row
  });

  it.each<[string, RowFilterSpec, number]>([
    ['--port 8080 (either end)', { port: 8080 }, 11],
    ['--dst 127.0.0.1:8080', { dst: { addr: '127.0.0.1', port: 8080 } }, 7],
    ['--dst [::1]:8081', { dst: { addr: '::1', port: 8081 } }, 4],
    ['--src :8082 (the listener and its CLOSE_WAIT)', { src: { port: 8082 } }, 4],
    ['--state time-wait', { states: ['TIME_WAIT'] }, 6],
    ['--state established,close-wait', { states: ['ESTABLISHED', 'CLOSE_WAIT'] }, 16],
    ['--state bucket (SYN_RECV, TIME_WAIT)', { states: ['SYN_RECV', 'TIME_WAIT'] }, 7],
    ['--state connected (all but LISTEN)', { states: ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING'] }, 33],
    ['--family 6 (with the dual-stack listener and the IPv4-mapped pair)', { family: 6 }, 9],
    ['--family 4', { family: 4 }, 32],
    // the v4-mapped connection sits in tcp6 with IPv4 text, as the destinations count it
    ['--dst 127.0.0.1:38586', { dst: { addr: '127.0.0.1', port: 38586 } }, 1],
    ['--dst [::ffff:127.0.0.1]:38586 (the same, written as tcp6 holds it)', { dst: { addr: '::ffff:127.0.0.1', port: 38586 } }, 1],
    ['--src [0:0:0:0:0:0:0:1] (uncompressed)', { src: { addr: '0:0:0:0:0:0:0:1' } }, 7],
    ['--port 8080 --state time-wait', { port: 8080, states: ['TIME_WAIT'] }, 4],
    ['--dst [::1]:8081 --family 4 (nothing)', { dst: { addr: '::1', port: 8081 }, family: 4 }, 0],
  ])('%s', (_name, spec, want) => {
    expect(count(spec)).toBe(want);
  });
});

describe('a filtered sample', () => {
  const limits = { ip_local_port_range: [32768, 60999] as [number, number], ip_local_reserved_ports: [] };
  const sample = (filter?: RowFilterSpec) => sampleFromRows({ time: 0, host: 'h', source: 'procfs', limits, warnings: [], filter }, parsedRows(tables));

  it('counts only what the filter keeps, and still tells inbound from outbound by the listeners it left out', () => {
    const all = sample();
    const est = sample({ states: ['ESTABLISHED'] });
    expect(est.states.ESTABLISHED).toBe(all.states.ESTABLISHED);
    expect(est.states.LISTEN).toBe(0);
    expect(est.states.TIME_WAIT).toBe(0);
    // inbound ESTABLISHED rows (on listener ports) must not turn into destinations without the LISTEN rows
    const key = (d: Destination) => `${d.local} ${d.remote}:${d.remotePort}`;
    const withEst = all.destinations.filter((d) => (d.states.ESTABLISHED ?? 0) > 0);
    expect(withEst.length).toBeGreaterThan(0);
    expect(est.destinations.map(key).sort()).toEqual(withEst.map(key).sort());
    for (const d of est.destinations) expect(d.portsInUse).toBe(d.states.ESTABLISHED);
  });

  it('--dst narrows the destinations to that one', () => {
    const s = sample({ dst: { addr: '127.0.0.1', port: 8080 } });
    expect(s.destinations.map((d) => [d.remote, d.remotePort, d.portsInUse])).toEqual([['127.0.0.1', 8080, 7]]);
  });
});

describe('parseEndpoint, parseStates, describeFilter', () => {
  it.each([
    ['10.0.0.5', { addr: '10.0.0.5' }],
    ['10.0.0.5:443', { addr: '10.0.0.5', port: 443 }],
    [':8080', { port: 8080 }],
    ['[::1]:80', { addr: '::1', port: 80 }],
    ['[::1]', { addr: '::1' }],
    ['fe80::1', { addr: 'fe80::1' }],
    ['[::ffff:127.0.0.1]:80', { addr: '::ffff:127.0.0.1', port: 80 }], // the predicate compares it as 127.0.0.1
    ['[FE80::1%eth0]:22', { addr: 'fe80::1%eth0', port: 22 }],
  ])('%j', (text, want) => {
    expect(parseEndpoint(text)).toEqual(want);
  });

  it.each(['', ':', 'host:80', '10.0.0.5:', '[::1]:65536', '*:80', '::1:80:x'])('%j is none', (text) => {
    expect(parseEndpoint(text)).toBeUndefined();
  });

  it('states: any case, ss or netstat spelling, groups; the first unknown word named', () => {
    expect(parseStates('Time-Wait,SYN_RECV')).toEqual({ states: ['SYN_RECV', 'TIME_WAIT'] });
    expect(parseStates('big')).toEqual({ states: ['ESTABLISHED', 'SYN_SENT', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'] });
    expect(parseStates('established,half-open')).toEqual({ unknown: 'half-open' });
  });

  it('says the filter as the command line would', () => {
    expect(describeFilter({ port: 80, dst: { addr: '::1', port: 8081 }, src: { port: 5000 }, states: ['TIME_WAIT'], family: 6 })).toBe('--port 80 --src :5000 --dst [::1]:8081 --state TIME_WAIT --family 6');
    expect(describeFilter({})).toBe('');
  });
});

describe('sortDestinations', () => {
  const d = (remotePort: number, portsInUse: number, states: Destination['states']): Destination => ({ local: '10.0.0.1', remote: '10.0.0.2', remotePort, portsInUse, states });
  const list = [d(1, 10, { ESTABLISHED: 9, TIME_WAIT: 1 }), d(2, 8, { TIME_WAIT: 8 }), d(3, 5, { CLOSE_WAIT: 5 }), d(4, 8, { TIME_WAIT: 1, ESTABLISHED: 7 })];

  it('by TIME_WAIT or CLOSE_WAIT, ties by ports in use', () => {
    expect(sortDestinations(list, 'time_wait')?.map((x) => x.remotePort)).toEqual([2, 1, 4, 3]);
    expect(sortDestinations(list, 'close_wait')?.map((x) => x.remotePort)).toEqual([3, 1, 2, 4]);
    expect(sortDestinations(list, 'ports')?.map((x) => x.remotePort)).toEqual([1, 2, 4, 3]);
  });

  it('new_per_s only where the destinations carry a rate', () => {
    expect(sortDestinations(list, 'new_per_s')).toBeUndefined();
    const rated = list.map((x, i) => ({ ...x, rates: { basis: 'timers' as const, newPerSecond: [1, 40, 3, 2][i] ?? 0, fullInSeconds: null, timeWaitAges: [] } }));
    expect(sortDestinations(rated, 'new_per_s')?.map((x) => x.remotePort)).toEqual([2, 3, 4, 1]);
    expect(sortDestinations([], 'new_per_s')).toEqual([]);
  });
});
