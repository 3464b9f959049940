import { describe, expect, it } from 'vitest';
import { TCP_STATES } from '../../src/states.js';
import { Tally } from '../../src/tally/index.js';
import type { TcpRow } from '../../src/types.js';

const row = (state: TcpRow['state'], local: string, lport: number, remote: string, rport: number, family: 4 | 6 = 4): TcpRow => ({ family, state, local, localPort: lport, remote, remotePort: rport });

describe('Tally', () => {
  it('drops a row repeated within the window (a page-boundary re-read), keeps distinct ones', () => {
    const t = new Tally();
    const a = { ...row('ESTABLISHED', '10.0.0.5', 40000, '10.0.0.9', 8080), inode: 777 };
    t.add(a);
    for (let i = 0; i < 10; i++) t.add({ ...row('ESTABLISHED', '10.0.0.5', 40001 + i, '10.0.0.9', 8080), inode: 1000 + i });
    t.add({ ...a });
    expect(t.repeats).toBe(1);
    expect(t.states.ESTABLISHED).toBe(11);
  });

  it('keeps SO_REUSEPORT listeners (one 4-tuple, distinct inodes) and rows of captures without inodes', () => {
    const t = new Tally();
    for (let i = 0; i < 4; i++) t.add({ ...row('LISTEN', '0.0.0.0', 80, '0.0.0.0', 0), inode: 500 + i });
    for (let i = 0; i < 3; i++) t.add(row('LISTEN', '0.0.0.0', 443, '0.0.0.0', 0));
    expect(t.repeats).toBe(0);
    expect(t.states.LISTEN).toBe(7);
  });

  it('ports in use per destination: outgoing ephemeral ports only, inbound and listeners left out', () => {
    const t = new Tally({ portRange: [32768, 60999], reserved: [[40000, 40000]] });
    t.add(row('LISTEN', '0.0.0.0', 443, '0.0.0.0', 0));
    t.add(row('LISTEN', '10.0.0.5', 45000, '0.0.0.0', 0)); // a listener inside the range
    for (let p = 39998; p < 40003; p++) t.add(row('TIME_WAIT', '10.0.0.5', p, '10.0.0.9', 8080));
    t.add(row('ESTABLISHED', '10.0.0.5', 50000, '10.0.0.9', 8080));
    t.add(row('ESTABLISHED', '10.0.0.5', 443, '192.0.2.1', 51000)); // inbound to :443
    t.add(row('ESTABLISHED', '10.0.0.5', 45000, '192.0.2.2', 52000)); // inbound to the in-range listener
    t.add(row('SYN_RECV', '10.0.0.5', 443, '192.0.2.3', 53000));
    t.add(row('ESTABLISHED', '10.0.0.6', 33000, '10.0.0.9', 8080)); // another source address
    t.add(row('ESTABLISHED', '10.0.0.5', 1234, '10.0.0.8', 5432)); // explicitly bound, outside the range
    expect(t.destinations()).toEqual([
      { local: '10.0.0.5', remote: '10.0.0.9', remotePort: 8080, portsInUse: 5, states: { TIME_WAIT: 5, ESTABLISHED: 1 } },
      { local: '10.0.0.6', remote: '10.0.0.9', remotePort: 8080, portsInUse: 1, states: { ESTABLISHED: 1 } },
    ]);
  });

  it('without a known range every non-listening local port counts', () => {
    const t = new Tally();
    t.add(row('ESTABLISHED', '10.0.0.5', 1234, '10.0.0.8', 5432));
    t.add(row('ESTABLISHED', '::1', 40000, '::1', 8081, 6));
    expect(t.destinations().map((d) => [d.remote, d.portsInUse])).toEqual([
      ['10.0.0.8', 1],
      ['::1', 1],
    ]);
    expect(t.ipv6.ESTABLISHED).toBe(1);
    expect(t.ipv4.ESTABLISHED).toBe(1);
  });

  it('each of the eleven states is counted under its own name, per family', () => {
    const t = new Tally();
    expect(TCP_STATES).toHaveLength(11);
    TCP_STATES.forEach((st, i) => {
      for (let k = 0; k <= i; k++) t.add(row(st, '10.0.0.5', 40000 + k, '10.0.0.9', 1000 + i, k % 2 ? 6 : 4));
    });
    TCP_STATES.forEach((st, i) => {
      expect(t.states[st]).toBe(i + 1);
      expect(t.ipv4[st] + t.ipv6[st]).toBe(i + 1);
      expect(t.ipv6[st]).toBe(Math.floor((i + 1) / 2));
    });
  });

  it('a row from outside the range joins its destination whether it comes before or after the outgoing rows', () => {
    const rows = [
      row('LISTEN', '0.0.0.0', 443, '0.0.0.0', 0),
      row('TIME_WAIT', '10.0.0.5', 50000, '10.0.0.9', 8080),
      row('ESTABLISHED', '10.0.0.5', 443, '10.0.0.9', 8080), // same peer port, from the listener's port
      row('ESTABLISHED', '10.0.0.5', 443, '10.0.0.9', 51000), // inbound only: no destination
      row('LISTEN', '10.0.0.5', 45000, '0.0.0.0', 0), // a listener inside the range...
      row('ESTABLISHED', '10.0.0.5', 45000, '10.0.0.8', 5432), // ...whose port also connects out
      row('ESTABLISHED', '10.0.0.5', 1234, '10.0.0.8', 5432), // with a bound port outside the range: two ports, so outgoing
    ];
    const want = [
      { local: '10.0.0.5', remote: '10.0.0.8', remotePort: 5432, portsInUse: 1, states: { ESTABLISHED: 2 } },
      { local: '10.0.0.5', remote: '10.0.0.9', remotePort: 8080, portsInUse: 1, states: { ESTABLISHED: 1, TIME_WAIT: 1 } },
    ];
    for (const order of [rows, [rows[0], ...rows.slice(1).reverse()]]) {
      const t = new Tally({ portRange: [32768, 60999] });
      for (const r of order) t.add(r as TcpRow);
      expect(t.destinations()).toEqual(want);
      expect(Object.keys(t.destinations()[1]?.states ?? {})).toEqual(['ESTABLISHED', 'TIME_WAIT']); // and asking twice counts nothing twice
    }
  });

  it('thousands of rows kept aside until the end still join their destination, unknown state names too', () => {
    const t = new Tally({ portRange: [32768, 60999] });
    // 3,000 inbound connections (each its own client port), then 2,500 rows to one backend from bound ports outside the range
    for (let i = 0; i < 3000; i++) t.add(row('ESTABLISHED', '10.0.0.5', 443, `10.1.${i >> 8}.${i & 255}`, 40000 + i));
    for (let i = 0; i < 2500; i++) t.add(row(i % 2 ? 'TIME_WAIT' : 'BOUND', '10.0.0.5', 1000 + (i % 20), '10.0.0.9', 8080));
    t.add(row('ESTABLISHED', '10.0.0.5', 50000, '10.0.0.9', 8080));
    expect(t.destinations()).toEqual([{ local: '10.0.0.5', remote: '10.0.0.9', remotePort: 8080, portsInUse: 1, states: { ESTABLISHED: 1, TIME_WAIT: 1250, BOUND: 1250 } }]);
  });

  it('unknown state names are counted under their own name', () => {
    const t = new Tally();
    t.add(row('BOUND', '10.0.0.5', 1234, '0.0.0.0', 0));
    expect(t.states.BOUND).toBe(1);
    expect(t.states.ESTABLISHED).toBe(0);
  });
});
