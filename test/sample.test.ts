import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../src/parse/decode.js';
import { emptyUnparsed } from '../src/parse/unparsed.js';
import { parseNetstatWindows } from '../src/parse/netstat-windows.js';
import { parsedRows, sampleFromRows } from '../src/sample.js';
import type { Limits, Sample } from '../src/types.js';

describe('sampleFromRows', () => {
  // 191 TIME_WAIT rows from local ports 55592-55782 and 2 ESTABLISHED, all to 23.177.2.151:443
  const parsed = parseNetstatWindows(decodeCapture(readFileSync(new URL('../fixtures/windows/en-win7-netstat-ano-timewait.txt', import.meta.url))));
  const sample = (limits: Limits): Sample => sampleFromRows({ time: 0, host: 'h', source: 'netstat-windows', limits, warnings: [] }, parsedRows([parsed]));
  const toBackend = (s: Sample) => s.destinations.find((d) => d.remote === '23.177.2.151' && d.remotePort === 443);

  it('a port reserved out of the ephemeral range is not in use, whichever source the rows come from', () => {
    const range: [number, number] = [49152, 65535];
    const open = sample({ ip_local_port_range: range });
    const reserved = sample({ ip_local_port_range: range, ip_local_reserved_ports: [[55600, 55699]] });
    expect(toBackend(open)).toEqual({ local: '192.168.202.129', remote: '23.177.2.151', remotePort: 443, portsInUse: 193, states: { ESTABLISHED: 2, TIME_WAIT: 191 } });
    // the 100 sockets on reserved ports are still counted in their states, but hold no ephemeral port
    expect(toBackend(reserved)).toEqual({ local: '192.168.202.129', remote: '23.177.2.151', remotePort: 443, portsInUse: 93, states: { ESTABLISHED: 2, TIME_WAIT: 191 } });
    expect((open.portsInUseHost ?? 0) - (reserved.portsInUseHost ?? 0)).toBe(100);
    expect(reserved.states.TIME_WAIT).toBe(191);
  });
});

describe('host-wide rate from TIME_WAIT timers', () => {
  // the shape seen with nginx: a load toward one upstream begun 8 s ago, and one older TIME_WAIT toward another port
  const tw = (remotePort: number, localPort: number, age: number) => ({
    family: 4 as const,
    local: '127.0.0.1',
    localPort,
    remote: '127.0.0.1',
    remotePort,
    state: 'TIME_WAIT' as const,
    timer: 3,
    timerTicks: (60 - age) * 100 - 50,
  });
  const rows = [...Array.from({ length: 80 }, (_, i) => tw(9090, 40000 + i, i % 8)), tw(8080, 40900, 8)];
  const s = sampleFromRows({ time: 0, host: 'h', source: 'procfs', limits: { ip_local_port_range: [40000, 40999] }, warnings: [] }, (add) => {
    for (const r of rows) add(r);
    return emptyUnparsed();
  });

  it('is never below the sum of its destinations: an old socket elsewhere does not dilute a young load', () => {
    const busy = s.destinations.find((d) => d.remotePort === 9090)?.rates?.newPerSecond;
    expect(busy).toBe(10); // 80 closed over the 8 s the load has run
    // the host's own ages alone: 81 over 9 s = 9/s
    expect(s.rates?.newPerSecond).toBe(10.1);
  });
});
