import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitHostPort } from '../../src/addr.js';
import { parseNetstatLinux } from '../../src/parse/netstat-linux.js';
import { parseSs } from '../../src/parse/ss.js';
import { Tally } from '../../src/tally/index.js';
import type { TcpRow } from '../../src/types.js';

const fx = (f: string) => readFileSync(new URL(`../../fixtures/linux/names/${f}`, import.meta.url), 'latin1');

/** What a capture counts: states, families, and each destination's port, sockets in use and states. */
function counted(rows: TcpRow[]) {
  const t = new Tally();
  for (const r of rows) t.add(r);
  return {
    states: t.states,
    ipv4: t.ipv4,
    ipv6: t.ipv6,
    destinations: t.destinations().map(({ remotePort, portsInUse, states }) => ({ remotePort, portsInUse, states })),
  };
}

describe('captures made without -n (fixtures/linux/names: ss -ta, netstat -at, and ss -tan taken with them)', () => {
  const reference = parseSs(fx('ss-tan.txt'));

  it('ss -ta: service names read as their ports, every socket counted as ss -tan did', () => {
    const named = parseSs(fx('ss-ta.txt'));
    expect(fx('ss-ta.txt')).toMatch(/:http-alt\s/); // the capture does carry names
    expect(named.unparsed.count).toBe(0);
    expect(named.rows.length).toBe(reference.rows.length);
    expect(counted(named.rows)).toEqual(counted(reference.rows));
    // addresses are numeric in ss -ta: the same destinations, addresses and all
    const t = (rows: TcpRow[]) => {
      const x = new Tally();
      for (const r of rows) x.add(r);
      return x.destinations();
    };
    expect(t(named.rows)).toEqual(t(reference.rows));
  });

  it('netstat -at: host names kept as the address, the family from the Proto column, the same counts', () => {
    const named = parseNetstatLinux(fx('netstat-at.txt'));
    expect(fx('netstat-at.txt')).toMatch(/localhost:/);
    expect(named.unparsed.count).toBe(0);
    expect(counted(named.rows)).toEqual(counted(reference.rows));
    expect(named.rows.some((r) => r.local === 'localhost' && r.family === 4)).toBe(true);
  });

  it('a service name /etc/services does not list is an unparsed port, counted and shown', () => {
    const line = fx('ss-ta.txt')
      .split('\n')
      .find((l) => l.includes(':http-alt')) as string;
    const r = parseSs(`State Recv-Q Send-Q Local Address:Port Peer Address:Port\n${line.replace(':http-alt', ':my-inhouse-svc')}\n`);
    expect(r.rows).toHaveLength(0);
    expect(r.unparsed.count).toBe(1);
    expect(r.unparsed.examples[0]?.kind).toBe('port');
  });
});

describe('splitHostPort with names', () => {
  it.each([
    ['127.0.0.1:https', {}, { addr: '127.0.0.1', port: 443 }],
    ['[::1]:postgresql', {}, { addr: '::1', port: 5432 }],
    ['localhost:ssh', {}, undefined], // a host name only where the caller knows the family
    ['localhost:ssh', { hostNames: true }, { addr: 'localhost', port: 22 }],
    ['ip-10-0-0-5.ec2.interna:3306', { hostNames: true }, { addr: 'ip-10-0-0-5.ec2.interna', port: 3306 }], // netstat cuts long names
    ['bad_host!:80', { hostNames: true }, undefined],
    ['10.0.0:80', { hostNames: true }, undefined], // a cut address is no host name
    ['127.0.0.1:no-such-service', {}, undefined],
  ] as const)('%s %j', (text, opts, want) => {
    expect(splitHostPort(text, ':', opts)).toEqual(want);
  });
});
