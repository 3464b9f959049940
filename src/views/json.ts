import { joinHostPort } from '../addr.js';
import type { Alert, Sample } from '../types.js';

/** The JSON document of design.md: snake_case keys, every state key present. */
export function sampleToJson(s: Sample, alerts: Alert[]): Record<string, unknown> {
  return {
    time: new Date(s.time).toISOString(),
    host: s.host,
    source: s.source,
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
    alerts: alerts.map(alertToJson),
    unparsed: s.unparsed,
    warnings: s.warnings,
    ...(s.breakdownTime !== undefined ? { breakdown_time: new Date(s.breakdownTime).toISOString() } : {}),
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
