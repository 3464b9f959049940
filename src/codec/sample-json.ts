/**
 * The `--json` document, both ways: a sample (with its alerts) and a gap to JSON, and back. The
 * line mode and the one-shot report print it, the recorder writes it, a replay reads it back.
 */
import { joinHostPort, splitHostPort } from '../addr.js';
import type { Gap, HistoryEntry } from '../history.js';
import { RULE_NAMES } from '../rules/catalogue.js';
import { emptyStateCounts, type StateCounts } from '../states.js';
import type { Alert, AlertLevel, CloseWaitGroup, Counters, Destination, Limits, NetnsInfo, ProcessOwner, ProcessReport, Sample, SampleSource, Unparsed, UnparsedKind } from '../types.js';
import { fail, list, num, numbers, obj, oneOf, str, time, type Obj } from './json-fields.js';
import { jsonToOwners, ownersToJson } from './owners-json.js';
import { jsonToRates, ratesToJson } from './rates-json.js';

/** A sample as the `--json` document: snake_case keys, every state key present. */
export function sampleToJson(s: Sample, alerts: Alert[]): Record<string, unknown> {
  return {
    time: new Date(s.time).toISOString(),
    host: s.host,
    source: s.source,
    ...(s.kernel !== undefined ? { kernel: s.kernel } : {}),
    ...(s.netns ? { netns: netnsToJson(s.netns) } : {}),
    states: s.states,
    families: s.families,
    limits: s.limits,
    sockstat: s.sockstat,
    counters: s.counters,
    destinations: s.destinations.map((d) => ({
      local: d.local,
      remote: joinHostPort(d.remote, d.remotePort),
      ports_in_use: d.portsInUse,
      states: d.states,
      ...ratesToJson(d.rates),
      ...ownersToJson(d),
    })),
    destination_count: s.destinationCount,
    // the rules read these two: a replay recomputes its alerts from them
    ...(s.portsInUseHost !== undefined ? { ports_in_use_host: s.portsInUseHost } : {}),
    ...(s.rates ? { rates: ratesToJson(s.rates) } : {}),
    ...(s.closeWait !== undefined ? { close_wait: s.closeWait.map((g) => ({ direction: g.direction, address: g.address, port: g.port, count: g.count, ...(g.processes ? { processes: g.processes } : {}) })) } : {}),
    ...(s.queuedBytes !== undefined ? { queued_bytes: s.queuedBytes } : {}),
    alerts: alerts.map(alertToJson),
    unparsed: s.unparsed,
    warnings: s.warnings,
    ...(s.processes ? { processes: processesToJson(s.processes) } : {}),
    ...(s.breakdownTime !== undefined ? { breakdown_time: new Date(s.breakdownTime).toISOString() } : {}),
  };
}

/** The namespace read (--pid, --netns, --all-netns) as JSON: snake_case, where its limits came from. */
export function netnsToJson(n: NetnsInfo): Record<string, unknown> {
  return {
    ...(n.pid !== undefined ? { pid: n.pid } : {}),
    ...(n.command !== undefined ? { command: n.command } : {}),
    ...(n.name !== undefined ? { name: n.name } : {}),
    ...(n.path !== undefined ? { path: n.path } : {}),
    ...(n.inode !== undefined ? { inode: n.inode } : {}),
    ...(n.sameAsReader !== undefined ? { same_as_tcpwatch: n.sameAsReader } : {}),
    // where its sysctls were read: never tcpwatch's own for another namespace
    limits_from: n.limitsUnknown !== undefined ? `unknown: ${n.limitsUnknown}` : n.sameAsReader === true ? 'this namespace' : 'inside that namespace',
    ...(n.pids !== undefined ? { pids: n.pids } : {}),
    ...(n.container !== undefined ? { container: n.container } : {}),
    ...(n.pod !== undefined ? { pod: n.pod } : {}),
  };
}

function processesToJson(p: ProcessReport): Record<string, unknown> {
  return {
    processes: p.processes,
    process_count: p.processCount,
    destinations: p.destinations.map((d) => ({ local: d.local, remote: joinHostPort(d.remote, d.remotePort), owners: d.owners })),
    unowned: p.unowned,
    notes: p.notes,
  };
}

/** One alert as JSON: ISO times, `subject`, `previous` and `fix` only when set. */
export function alertToJson(a: Alert): Record<string, unknown> {
  return {
    rule: a.rule,
    level: a.level,
    ...(a.previous !== undefined ? { previous: a.previous } : {}),
    value: a.value,
    limit: a.limit,
    since: new Date(a.since).toISOString(),
    ...(a.subject !== undefined ? { subject: a.subject } : {}),
    message: a.message,
    remedy: a.remedy,
    ...(a.fix !== undefined ? { fix: a.fix } : {}),
  };
}

/** A tick whose source failed, as `--json` prints it: `{time, error}`. */
export function gapToJson(g: Gap): Record<string, unknown> {
  return { time: new Date(g.time).toISOString(), error: g.error };
}

const LIVE_SOURCES: readonly string[] = ['procfs', 'sock_diag', 'netstat-windows', 'netstat-darwin'] satisfies SampleSource[];

function source(v: unknown, path: string): SampleSource {
  const s = str(v, path);
  if (!LIVE_SOURCES.includes(s) && !s.startsWith('capture:')) fail(path, `not a tcpwatch source (${LIVE_SOURCES.join(', ')} or capture:FORMAT)`);
  return s as SampleSource;
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

/** `local` and `remote` (written "host:port") of a destination. */
function endpoints(o: Obj, path: string): Pick<Destination, 'local' | 'remote' | 'remotePort'> {
  const hp = splitHostPort(str(o.remote, `${path}.remote`), ':');
  if (!hp) fail(`${path}.remote`, 'not host:port');
  return { local: str(o.local, `${path}.local`), remote: hp.addr, remotePort: hp.port };
}

function destination(v: unknown, path: string): Destination {
  const o = obj(v, path);
  const rates = jsonToRates(o, path);
  const owners = jsonToOwners(o, path, owner);
  return {
    ...endpoints(o, path),
    portsInUse: num(o.ports_in_use, `${path}.ports_in_use`),
    states: numbers(o.states, `${path}.states`),
    ...(rates ? { rates } : {}),
    ...(owners ? { owners } : {}),
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
  const from = o.limits_from !== undefined ? str(o.limits_from, `${path}.limits_from`) : '';
  return {
    ...(o.pid !== undefined ? { pid: num(o.pid, `${path}.pid`) } : {}),
    ...(o.command !== undefined ? { command: str(o.command, `${path}.command`) } : {}),
    ...(o.name !== undefined ? { name: str(o.name, `${path}.name`) } : {}),
    ...(o.path !== undefined ? { path: str(o.path, `${path}.path`) } : {}),
    ...(o.inode !== undefined ? { inode: num(o.inode, `${path}.inode`) } : {}),
    ...(typeof o.same_as_tcpwatch === 'boolean' ? { sameAsReader: o.same_as_tcpwatch } : {}),
    ...(from.startsWith('unknown: ') ? { limitsUnknown: from.slice('unknown: '.length) } : {}),
  };
}

function owner(v: unknown, path: string): ProcessOwner {
  const o = obj(v, path);
  return { pid: num(o.pid, `${path}.pid`), command: str(o.command, `${path}.command`), ...(o.cmdline !== undefined ? { cmdline: str(o.cmdline, `${path}.cmdline`) } : {}) };
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
      return {
        ...endpoints(d, p),
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
 * Its alerts are left (jsonToAlert reads one): a replay computes them again from the samples. Unknown fields are
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
    source: source(o.source, 'source'),
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
  const rates = o.rates !== undefined ? jsonToRates(obj(o.rates, 'rates'), 'rates') : undefined;
  if (rates) sample.rates = rates;
  if (o.close_wait !== undefined) sample.closeWait = list(o.close_wait, 'close_wait').map((g, i) => closeWaitGroup(g, `close_wait[${i}]`));
  if (o.queued_bytes !== undefined) {
    const q = obj(o.queued_bytes, 'queued_bytes');
    sample.queuedBytes = { rx: num(q.rx, 'queued_bytes.rx'), tx: num(q.tx, 'queued_bytes.tx') };
  }
  if (o.processes !== undefined) sample.processes = processes(o.processes, 'processes');
  return sample;
}

const LEVELS: readonly AlertLevel[] = ['ok', 'warning', 'critical'];

/** The inverse of alertToJson. */
export function jsonToAlert(doc: unknown, path = 'alert'): Alert {
  const o = obj(doc, path);
  return {
    rule: oneOf(o.rule, RULE_NAMES, `${path}.rule`),
    level: oneOf(o.level, LEVELS, `${path}.level`),
    ...(o.previous !== undefined ? { previous: oneOf(o.previous, LEVELS, `${path}.previous`) } : {}),
    value: num(o.value, `${path}.value`),
    limit: num(o.limit, `${path}.limit`),
    since: time(o.since, `${path}.since`),
    ...(o.subject !== undefined ? { subject: str(o.subject, `${path}.subject`) } : {}),
    message: str(o.message, `${path}.message`),
    remedy: str(o.remedy, `${path}.remedy`),
    ...(o.fix !== undefined ? { fix: str(o.fix, `${path}.fix`) } : {}),
  };
}

/** One line of a `--json` stream or a recording: a sample, or a gap `{time, error}`. */
export function jsonToEntry(doc: unknown): HistoryEntry {
  const o = obj(doc, 'document');
  if (typeof o.error === 'string' && typeof o.time === 'string' && !('states' in o)) return { time: time(o.time, 'time'), gap: true, error: o.error } satisfies Gap;
  return jsonToSample(o);
}
