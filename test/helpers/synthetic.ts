import { emptyStateCounts } from '../../src/states.js';
import type { Sample } from '../../src/types.js';

/** A synthetic sample: plain data for pure rule tests (the real sources are tested elsewhere). */
export function sample(time: number, over: Partial<Sample> = {}): Sample {
  return {
    time,
    host: 'test',
    source: 'procfs',
    states: emptyStateCounts(),
    families: { ipv4: emptyStateCounts(), ipv6: emptyStateCounts() },
    limits: { tcp_max_tw_buckets: 1000, ip_local_port_range: [32768, 60999], ephemeral_ports: 28232, tcp_tw_reuse: 0, time_wait_seconds: 60 },
    sockstat: { tw: 0 },
    counters: { Tcp: {}, TcpExt: { TCPTimeWaitOverflow: 0, ListenDrops: 0, ListenOverflows: 0 } },
    destinations: [],
    destinationCount: 0,
    unparsed: { count: 0, examples: [] },
    warnings: [],
    ...over,
  };
}

/** A sample with `tw` timewait sockets (and as many TIME_WAIT rows). */
export function twSample(time: number, tw: number, overflow = 0): Sample {
  const s = sample(time, { sockstat: { tw } });
  s.states.TIME_WAIT = tw;
  s.counters.TcpExt.TCPTimeWaitOverflow = overflow;
  return s;
}
