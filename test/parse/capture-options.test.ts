import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetstatLinux } from '../../src/parse/netstat-linux.js';
import { parseSs } from '../../src/parse/ss.js';
import { Tally } from '../../src/tally/index.js';
import type { TcpRow } from '../../src/types.js';

// real captures made together (fixtures/make/capture-options.sh): ss and netstat with the options people add
const fx = (f: string) => readFileSync(new URL(`../../fixtures/linux/options/${f}`, import.meta.url), 'latin1');

function counted(rows: TcpRow[]) {
  const t = new Tally();
  for (const r of rows) t.add(r);
  return { states: t.states, ipv4: t.ipv4, ipv6: t.ipv6, destinations: t.destinations() };
}

describe('ss and netstat with extra options count the same sockets as ss -tan taken with them', () => {
  const reference = parseSs(fx('ss-tan.txt'));

  it.each(['ss-tano.txt', 'ss-tani.txt', 'ss-tanm.txt', 'ss-tanpe.txt'])('%s', (f) => {
    const r = parseSs(fx(f));
    expect(r.unparsed.count).toBe(0);
    expect(counted(r.rows)).toEqual(counted(reference.rows));
  });

  it('-i and -m detail lines (after a tab) are detail lines, one per socket, never rows or unparsed', () => {
    for (const f of ['ss-tani.txt', 'ss-tanm.txt']) {
      const text = fx(f);
      const tabbed = text.split('\n').filter((l) => l.startsWith('\t'));
      expect(tabbed.length).toBe(reference.rows.length);
      // timewait and request mini-sockets get an empty one: a blank line, passed over
      const details = tabbed.filter((l) => l.trim() !== '').length;
      expect(details).toBeGreaterThan(0);
      const r = parseSs(text);
      expect(r.ignored.detail).toBe(details);
      expect(r.ignored['other-protocol']).toBe(0);
    }
  });

  it('netstat -tanpeo counts every socket; netstat -tn every one but the listeners', () => {
    const all = parseNetstatLinux(fx('netstat-tanpeo.txt'));
    expect(all.unparsed.count).toBe(0);
    expect(counted(all.rows)).toEqual(counted(reference.rows));
    const connected = parseNetstatLinux(fx('netstat-tn.txt'));
    expect(connected.unparsed.count).toBe(0);
    expect(connected.rows.length).toBe(reference.rows.filter((r) => r.state !== 'LISTEN').length);
  });
});
