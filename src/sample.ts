import type { Tally } from './tally.js';
import type { Counters, Limits, Sample, Sockstat, Unparsed } from './types.js';

/** How many destinations a sample keeps (sorted busiest first); the total count is kept too. */
export const DEFAULT_TOP_DESTINATIONS = 100;

export interface SampleParts {
  time: number;
  host: string;
  source: Sample['source'];
  tally: Tally;
  limits: Limits;
  sockstat?: Sockstat;
  counters?: Counters;
  unparsed: Unparsed;
  warnings: string[];
  topDestinations?: number;
  kernel?: string;
}

/** Assembles a Sample from what a source gathered. */
export function buildSample(p: SampleParts): Sample {
  const all = p.tally.destinations();
  const warnings = [...p.warnings];
  if (p.tally.repeats > 0) {
    warnings.push(`${p.tally.repeats} repeated row(s) dropped (the table changed while it was read)`);
  }
  return {
    time: p.time,
    host: p.host,
    source: p.source,
    states: p.tally.states,
    families: { ipv4: p.tally.ipv4, ipv6: p.tally.ipv6 },
    limits: p.limits,
    sockstat: p.sockstat ?? {},
    counters: p.counters ?? { Tcp: {}, TcpExt: {} },
    destinations: all.slice(0, p.topDestinations ?? DEFAULT_TOP_DESTINATIONS),
    destinationCount: all.length,
    ...(p.tally.portsInUseHost !== undefined ? { portsInUseHost: p.tally.portsInUseHost } : {}),
    closeWait: p.tally.closeWaitGroups(),
    unparsed: p.unparsed,
    warnings,
    ...(p.kernel !== undefined ? { kernel: p.kernel } : {}),
  };
}

/** Total sockets over all states. */
export function totalSockets(s: Pick<Sample, 'states'>): number {
  let n = 0;
  for (const v of Object.values(s.states)) n += v;
  return n;
}
