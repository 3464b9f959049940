import { splitHostPort } from '../addr.js';
import { emptyStateCounts, type StateCounts } from '../states.js';
import type { CloseWaitGroup, Counters, Destination, Limits, NetnsInfo, ProcessOwner, ProcessReport, Sample, Unparsed, UnparsedKind } from '../types.js';

/** A document that is not a tcpwatch JSON sample; `message` says which field is wrong. */
export class SampleJsonError extends Error {
  readonly code = 'ESAMPLEJSON';
}

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new SampleJsonError(`${path}: ${what}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'not an object');
  return v as Obj;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'not a number');
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'not a string');
  return v;
}

function time(v: unknown, path: string): number {
  const t = Date.parse(str(v, path));
  if (Number.isNaN(t)) fail(path, 'not an ISO time');
  return t;
}

function numbers(v: unknown, path: string): Record<string, number> {
  const o = obj(v, path);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) out[k] = num(x, `${path}.${k}`);
  return out;
}

function stateCounts(v: unknown, path: string): StateCounts {
  const counts = emptyStateCounts();
  const given = numbers(v, path);
  for (const s of Object.keys(counts)) if (!(s in given)) fail(`${path}.${s}`, 'missing (every state is always written)');
  return Object.assign(counts, given);
}

function limits(v: unknown, path: string): Limits {
  const o = obj(v, path);
  const out: Limits = {};
  for (const [k, x] of Object.entries(o)) {
    const p = `${path}.${k}`;
    if (k === 'ip_local_port_range') {
      if (!Array.isArray(x) || x.length !== 2) fail(p, 'not [lo, hi]');
      out.ip_local_port_range = [num(x[0], p), num(x[1], p)];
    } else if (k === 'ip_local_reserved_ports') {
      if (!Array.isArray(x)) fail(p, 'not a list of ranges');
      out.ip_local_reserved_ports = x.map((r, i) => {
        if (!Array.isArray(r) || r.length !== 2) fail(`${p}[${i}]`, 'not [lo, hi]');
        return [num(r[0], p), num(r[1], p)] as [number, number];
      });
    } else {
      (out as Record<string, number>)[k] = num(x, p);
    }
  }
  return out;
}

function destination(v: unknown, path: string): Destination {
  const o = obj(v, path);
  const hp = splitHostPort(str(o.remote, `${path}.remote`), ':');
  if (!hp) fail(`${path}.remote`, 'not host:port');
  return {
    local: str(o.local, `${path}.local`),
    remote: hp.addr,
    remotePort: hp.port,
    portsInUse: num(o.ports_in_use, `${path}.ports_in_use`),
    states: numbers(o.states, `${path}.states`),
  };
}

function unparsed(v: unknown, path: string): Unparsed {
  const o = obj(v, path);
  if (!Array.isArray(o.examples)) fail(`${path}.examples`, 'not a list');
  return {
    count: num(o.count, `${path}.count`),
    examples: o.examples.map((e, i) => {
      const x = obj(e, `${path}.examples[${i}]`);
      return { line: num(x.line, `${path}.line`), kind: str(x.kind, `${path}.kind`) as UnparsedKind, text: str(x.text, `${path}.text`) };
    }),
  };
}

function netns(v: unknown, path: string): NetnsInfo {
  const o = obj(v, path);
  return {
    pid: num(o.pid, `${path}.pid`),
    ...(o.command !== undefined ? { command: str(o.command, `${path}.command`) } : {}),
    ...(typeof o.same_as_tcpwatch === 'boolean' ? { sameAsReader: o.same_as_tcpwatch } : {}),
  };
}

function owner(v: unknown, path: string): ProcessOwner {
  const o = obj(v, path);
  return { pid: num(o.pid, `${path}.pid`), command: str(o.command, `${path}.command`) };
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'not a list');
  return v;
}

function processes(v: unknown, path: string): ProcessReport {
  const o = obj(v, path);
  return {
    processes: list(o.processes, `${path}.processes`).map((x, i) => {
      const p = `${path}.processes[${i}]`;
      const e = obj(x, p);
      return { ...owner(e, p), states: numbers(e.states, `${p}.states`), listening: list(e.listening, `${p}.listening`).map((n) => num(n, `${p}.listening`)) };
    }),
    processCount: num(o.process_count, `${path}.process_count`),
    destinations: list(o.destinations, `${path}.destinations`).map((x, i) => {
      const p = `${path}.destinations[${i}]`;
      const d = obj(x, p);
      const hp = splitHostPort(str(d.remote, `${p}.remote`), ':');
      if (!hp) fail(`${p}.remote`, 'not host:port');
      return {
        local: str(d.local, `${p}.local`),
        remote: hp.addr,
        remotePort: hp.port,
        owners: list(d.owners, `${p}.owners`).map((w, j) => ({ ...owner(w, `${p}.owners[${j}]`), sockets: num(obj(w, p).sockets, `${p}.owners[${j}].sockets`) })),
      };
    }),
    unowned: numbers(o.unowned, `${path}.unowned`),
    notes: list(o.notes, `${path}.notes`).map((n, i) => str(n, `${path}.notes[${i}]`)),
  };
}

function closeWaitGroup(v: unknown, path: string): CloseWaitGroup {
  const o = obj(v, path);
  if (o.direction !== 'inbound' && o.direction !== 'outbound') fail(`${path}.direction`, 'not inbound or outbound');
  return {
    direction: o.direction,
    address: str(o.address, `${path}.address`),
    port: num(o.port, `${path}.port`),
    count: num(o.count, `${path}.count`),
    ...(o.processes !== undefined ? { processes: list(o.processes, `${path}.processes`).map((x, i) => str(x, `${path}.processes[${i}]`)) } : {}),
  };
}

/**
 * The inverse of sampleToJson: one `--json` document (a recorded line) back into a Sample.
 * Alerts are not read back: a replay computes them again from the samples. Unknown fields are
 * ignored so newer recordings still play; a missing or mistyped field throws SampleJsonError.
 */
export function jsonToSample(doc: unknown): Sample {
  const o = obj(doc, 'document');
  const fam = obj(o.families, 'families');
  const counters = obj(o.counters, 'counters');
  if (!Array.isArray(o.destinations)) fail('destinations', 'not a list');
  if (!Array.isArray(o.warnings)) fail('warnings', 'not a list');
  const sample: Sample = {
    time: time(o.time, 'time'),
    host: str(o.host, 'host'),
    source: str(o.source, 'source'),
    states: stateCounts(o.states, 'states'),
    families: { ipv4: stateCounts(fam.ipv4, 'families.ipv4'), ipv6: stateCounts(fam.ipv6, 'families.ipv6') },
    limits: limits(o.limits, 'limits'),
    sockstat: numbers(o.sockstat, 'sockstat'),
    counters: { Tcp: numbers(counters.Tcp, 'counters.Tcp'), TcpExt: numbers(counters.TcpExt, 'counters.TcpExt') } satisfies Counters,
    destinations: o.destinations.map((d, i) => destination(d, `destinations[${i}]`)),
    destinationCount: num(o.destination_count, 'destination_count'),
    unparsed: unparsed(o.unparsed, 'unparsed'),
    warnings: o.warnings.map((w, i) => str(w, `warnings[${i}]`)),
  };
  if (o.breakdown_time !== undefined) sample.breakdownTime = time(o.breakdown_time, 'breakdown_time');
  if (o.netns !== undefined) sample.netns = netns(o.netns, 'netns');
  if (o.kernel !== undefined) sample.kernel = str(o.kernel, 'kernel');
  if (o.ports_in_use_host !== undefined) sample.portsInUseHost = num(o.ports_in_use_host, 'ports_in_use_host');
  if (o.close_wait !== undefined) sample.closeWait = list(o.close_wait, 'close_wait').map((g, i) => closeWaitGroup(g, `close_wait[${i}]`));
  if (o.processes !== undefined) sample.processes = processes(o.processes, 'processes');
  return sample;
}
