import { joinHostPort } from '../addr.js';
import type { Alert, ProcessReport, Sample } from '../types.js';

/** The JSON document (README "JSON"): snake_case keys, every state key present. */
export function sampleToJson(s: Sample, alerts: Alert[]): Record<string, unknown> {
  return {
    time: new Date(s.time).toISOString(),
    host: s.host,
    source: s.source,
    ...(s.kernel !== undefined ? { kernel: s.kernel } : {}),
    ...(s.netns
      ? {
          netns: {
            pid: s.netns.pid,
            ...(s.netns.command !== undefined ? { command: s.netns.command } : {}),
            ...(s.netns.sameAsReader !== undefined ? { same_as_tcpwatch: s.netns.sameAsReader } : {}),
            // sysctls under /proc/sys are always the reader's namespace's
            limits_from: s.netns.sameAsReader === true ? 'this namespace' : 'tcpwatch\'s namespace',
          },
        }
      : {}),
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
    })),
    destination_count: s.destinationCount,
    // the rules read these two: a replay recomputes its alerts from them
    ...(s.portsInUseHost !== undefined ? { ports_in_use_host: s.portsInUseHost } : {}),
    ...(s.closeWait !== undefined
      ? { close_wait: s.closeWait.map((g) => ({ direction: g.direction, address: g.address, port: g.port, count: g.count, ...(g.processes ? { processes: g.processes } : {}) })) }
      : {}),
    alerts: alerts.map(alertToJson),
    unparsed: s.unparsed,
    warnings: s.warnings,
    ...(s.processes ? { processes: processesToJson(s.processes) } : {}),
    ...(s.breakdownTime !== undefined ? { breakdown_time: new Date(s.breakdownTime).toISOString() } : {}),
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

/** One alert as JSON: ISO times, `subject` and `previous` only when set. */
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
  };
}
