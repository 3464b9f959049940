import type { Advice } from '../advice/index.js';
import { alertToJson } from '../codec/sample-json.js';

/** `tcpwatch advise --json`: the advice as plain data, alerts as in the sample JSON. */
export function adviceToJson(a: Advice): Record<string, unknown> {
  return {
    platform: a.platform,
    kernel: a.kernel ?? null,
    alerts: a.alerts.map(alertToJson),
    settings: a.settings,
    time_wait: a.timeWait,
    remedies: a.remedies,
    myths: a.myths.map((m) => ({ name: m.name, claim: m.claim, truth: m.truth, source: m.source, in_force: m.inForce, current: m.current ?? null })),
  };
}
