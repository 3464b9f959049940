import { emptyStateCounts, type StateCounts } from './states.js';
import type { Counters, Sample, Sockstat } from './types.js';

/** Every socket a namespace's table shows: what serve --all-netns ranks namespaces by. */
export const socketCount = (s: Sample): number => Object.values(s.states).reduce((a, b) => a + b, 0);

function addStates(into: StateCounts, from: StateCounts): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** snmp Tcp: fields that are settings, not counts (RFC 2012): the same in every namespace. */
const TCP_SETTINGS = new Set(['RtoAlgorithm', 'RtoMin', 'RtoMax', 'MaxConn']);

function addRecord(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = TCP_SETTINGS.has(k) ? Math.max(into[k] ?? v, v) : (into[k] ?? 0) + v;
}

const sum = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : a + b);
const max = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/**
 * Several namespaces as one (serve --all-netns's netns="other"): what counts sockets or events
 * is summed (states, families, sockstat inuse/tw/inuse6, Tcp and TcpExt counters, destinations
 * seen, unparsed lines); the snmp Tcp settings (RtoMin, MaxConn, ...) and sockstat orphan/alloc/mem are the kernel's global counts, the same in
 * every namespace, so their largest value is kept, not a multiple. Limits, destinations and
 * CLOSE_WAIT groups belong to one namespace each: a sum of limits limits nothing, so they are
 * left out (and with them every ratio). Its time is the oldest of its samples.
 */
export function sumSamples(samples: readonly Sample[]): Sample | undefined {
  const first = samples[0];
  if (!first) return undefined;
  const states = emptyStateCounts();
  const ipv4 = emptyStateCounts();
  const ipv6 = emptyStateCounts();
  const sock: Record<keyof Sockstat, number | undefined> = { inuse: undefined, tw: undefined, inuse6: undefined, orphan: undefined, alloc: undefined, mem: undefined };
  const counters: Counters = { Tcp: {}, TcpExt: {} };
  let destinationCount = 0;
  let unparsed = 0;
  let time = first.time;
  let breakdownTime = first.breakdownTime ?? first.time;
  for (const s of samples) {
    addStates(states, s.states);
    addStates(ipv4, s.families.ipv4);
    addStates(ipv6, s.families.ipv6);
    for (const k of ['inuse', 'tw', 'inuse6'] as const) sock[k] = sum(sock[k], s.sockstat[k]);
    for (const k of ['orphan', 'alloc', 'mem'] as const) sock[k] = max(sock[k], s.sockstat[k]);
    addRecord(counters.Tcp, s.counters.Tcp);
    addRecord(counters.TcpExt, s.counters.TcpExt);
    destinationCount += s.destinationCount;
    unparsed += s.unparsed.count;
    time = Math.min(time, s.time);
    breakdownTime = Math.min(breakdownTime, s.breakdownTime ?? s.time);
  }
  const sockstat = Object.fromEntries(Object.entries(sock).filter(([, v]) => v !== undefined)) as Sockstat;
  return {
    time,
    ...(breakdownTime !== time ? { breakdownTime } : {}),
    host: first.host,
    source: first.source,
    states,
    families: { ipv4, ipv6 },
    limits: {},
    sockstat,
    counters,
    destinations: [],
    destinationCount,
    unparsed: { count: unparsed, examples: [] },
    warnings: samples.flatMap((s) => s.warnings),
  };
}
