/**
 * Rule thresholds: defaults, and the checked merge of a config file's object and `--set KEY=VALUE`
 * flags. Pure: the caller reads the file. Every error names the key it is about.
 */

import { InputError } from '../errors.js';

export interface Levels {
  warning: number;
  critical: number;
}

export interface RulesConfig {
  /** consecutive samples a new level must be seen before it is reported (one-shot modes use 1) */
  samples: number;
  /** percent of a threshold a value must fall below it before the level steps down */
  hysteresis: number;
  /** percent of tcp_max_tw_buckets held by timewait sockets (sockstat tw) */
  tw_buckets: Levels;
  /** percent of the usable ephemeral ports held toward one destination (and host-wide) */
  port_exhaustion: Levels;
  /** CLOSE_WAIT sockets; `growth` more within `window_s` seconds, never falling, is a warning */
  close_wait_leak: Levels & { growth: number; window_s: number };
  /** ListenDrops (accept queue full, incl. ListenOverflows) per second; warning 0 = any increase */
  listen_overflow: Levels;
  /** SYN_RECV sockets as percent of tcp_max_syn_backlog (syncookies / TCPReqQFullDrop: any increase) */
  syn_flood: Levels;
  /** percent of tcp_max_orphans */
  orphans: Levels;
  /** percent of nf_conntrack_max */
  conntrack: Levels;
}

export function defaultRulesConfig(): RulesConfig {
  return {
    samples: 2,
    hysteresis: 5,
    tw_buckets: { warning: 80, critical: 95 },
    port_exhaustion: { warning: 80, critical: 95 },
    close_wait_leak: { warning: 100, critical: 1000, growth: 50, window_s: 600 },
    listen_overflow: { warning: 0, critical: 10 },
    syn_flood: { warning: 50, critical: 90 },
    orphans: { warning: 25, critical: 50 }, // netdata's tcp_orphans alarm
    conntrack: { warning: 90, critical: 95 },
  };
}

export class ConfigError extends InputError {
  readonly code = 'ECONFIG';
}

type Kind = 'percent' | 'count' | 'rate' | 'samples' | 'seconds';

/** Every settable key, with what kind of number it takes. */
const KEYS: Record<string, Kind> = {
  samples: 'samples',
  hysteresis: 'percent',
  'tw_buckets.warning': 'percent',
  'tw_buckets.critical': 'percent',
  'port_exhaustion.warning': 'percent',
  'port_exhaustion.critical': 'percent',
  'close_wait_leak.warning': 'count',
  'close_wait_leak.critical': 'count',
  'close_wait_leak.growth': 'count',
  'close_wait_leak.window': 'seconds',
  'listen_overflow.warning': 'rate',
  'listen_overflow.critical': 'rate',
  'syn_flood.warning': 'percent',
  'syn_flood.critical': 'percent',
  'orphans.warning': 'percent',
  'orphans.critical': 'percent',
  'conntrack.warning': 'percent',
  'conntrack.critical': 'percent',
};

export const CONFIG_KEYS = Object.keys(KEYS);

/** "600", "600s", "10m", "1h" -> seconds. */
function seconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function checkValue(key: string, kind: Kind, raw: unknown, where: string): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  const fail = (want: string): never => {
    throw new ConfigError(`${where}${key}: ${want}, got ${JSON.stringify(raw)}`);
  };
  if (text === undefined || text === '') return fail('expected a number');
  if (kind === 'seconds') {
    const s = seconds(text);
    if (s === undefined || s < 1 || s > 86_400) return fail('expected a duration from 1s to 24h (e.g. 600, 10m)');
    return s;
  }
  const n = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(n) || !/^\d+(\.\d+)?%?$/.test(text)) return fail('expected a number');
  if (kind === 'percent' && (n < 0 || n > 100)) return fail('expected a percentage from 0 to 100');
  if (kind === 'samples' && (!Number.isInteger(n) || n < 1 || n > 1000)) return fail('expected a whole number of samples from 1 to 1000');
  if (kind === 'count' && !Number.isInteger(n)) return fail('expected a whole number');
  return n;
}

function set(c: RulesConfig, key: string, value: number): void {
  const [rule, field] = key.split('.') as [string, string | undefined];
  if (field === undefined) {
    (c as unknown as Record<string, number>)[rule] = value;
    return;
  }
  const target = (c as unknown as Record<string, Record<string, number>>)[rule] as Record<string, number>;
  target[field === 'window' ? 'window_s' : field] = value;
}

function unknownKey(key: string, where: string): ConfigError {
  return new ConfigError(`${where}unknown key ${JSON.stringify(key)} (known: ${CONFIG_KEYS.join(', ')})`);
}

/**
 * Applies one `KEY=VALUE` (a `--set` flag) to a config. `where` prefixes errors ("--set ").
 */
export function applySetting(c: RulesConfig, assignment: string, where = '--set '): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ConfigError(`${where}${JSON.stringify(assignment)}: expected KEY=VALUE, e.g. tw_buckets.warning=70`);
  const key = assignment.slice(0, eq).trim();
  const kind = KEYS[key];
  if (!kind) throw unknownKey(key, where);
  set(c, key, checkValue(key, kind, assignment.slice(eq + 1), where));
}

/** Settings of a config file that are not thresholds. */
export interface FileSettings {
  onAlert?: string[];
  onAlertTimeoutS?: number;
}

/**
 * Applies a parsed config file (see fixtures/config/tcpwatch.sample.json): nested objects whose leaves are the keys
 * above, plus `on_alert` (argv array) and `on_alert_timeout`. `where` names the file in errors.
 */
export function applyConfigObject(c: RulesConfig, doc: unknown, where: string): FileSettings {
  const out: FileSettings = {};
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError(`${where}expected a JSON object at the top level`);
  }
  for (const [top, v] of Object.entries(doc as Record<string, unknown>)) {
    if (top === 'on_alert') {
      if (!Array.isArray(v) || v.length === 0 || !v.every((a) => typeof a === 'string' && a !== '')) {
        throw new ConfigError(`${where}on_alert: expected a command as an array of strings, e.g. ["logger", "-t", "tcpwatch"], got ${JSON.stringify(v)}`);
      }
      out.onAlert = v as string[];
    } else if (top === 'on_alert_timeout') {
      const s = typeof v === 'number' || typeof v === 'string' ? seconds(String(v)) : undefined;
      if (s === undefined || s <= 0 || s > 3600) throw new ConfigError(`${where}on_alert_timeout: expected a duration up to 1h (e.g. 10s), got ${JSON.stringify(v)}`);
      out.onAlertTimeoutS = s;
    } else if (top.startsWith('_')) {
      // "_comment" keys: JSON has no comments
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [field, leaf] of Object.entries(v as Record<string, unknown>)) {
        const key = `${top}.${field}`;
        const kind = KEYS[key];
        if (!kind) throw unknownKey(key, where);
        set(c, key, checkValue(key, kind, leaf, where));
      }
    } else {
      const kind = KEYS[top];
      if (!kind) throw unknownKey(top, where);
      set(c, top, checkValue(top, kind, v, where));
    }
  }
  return out;
}

/** Warning must not be above critical for any rule: a mistake the user should hear about. */
export function validateConfig(c: RulesConfig, where = ''): void {
  for (const rule of ['tw_buckets', 'port_exhaustion', 'close_wait_leak', 'listen_overflow', 'syn_flood', 'orphans', 'conntrack'] as const) {
    const l = c[rule];
    if (l.warning > l.critical) {
      throw new ConfigError(`${where}${rule}.warning (${l.warning}) is above ${rule}.critical (${l.critical})`);
    }
  }
}

/** The settings in force as `key = value` lines, in the order of CONFIG_KEYS (for `tcpwatch rules`). */
export function describeConfig(c: RulesConfig): string[] {
  return CONFIG_KEYS.map((key) => {
    const [rule, field] = key.split('.') as [string, string | undefined];
    const top = (c as unknown as Record<string, number | Record<string, number>>)[rule];
    // every key names a number: a rule's own or one field of it
    const v = (field === undefined ? top : (top as Record<string, number>)[field === 'window' ? 'window_s' : field]) as number | undefined;
    const unit = KEYS[key] === 'percent' ? ' %' : KEYS[key] === 'rate' ? ' /s' : KEYS[key] === 'seconds' ? ' s' : '';
    return `${key} = ${v}${unit}`;
  });
}
