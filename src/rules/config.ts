/**
 * Rule thresholds: defaults, and the checked merge of a config file's object and `--set KEY=VALUE`
 * flags. Pure: the caller reads the file. Every error names the key it is about.
 */

import { ConfigError } from '../errors.js';
import { ENGINE_SETTINGS, RULE_ENTRIES, RULE_NAMES, type RuleName, type RuleThresholds, type Setting, type SettingKind } from './catalogue.js';

/** Every threshold, and how many samples confirm a level and how far below a threshold one steps down. */
export interface RulesConfig extends RuleThresholds {
  /** consecutive samples a new level must be seen before it is reported (one-shot modes use 1) */
  samples: number;
  /** percent of a threshold a value must fall below it before the level steps down */
  hysteresis: number;
  /** seconds between scrapes the Prometheus rules are made for; 0: the --interval in force */
  prometheus_interval: number;
}

export function defaultRulesConfig(): RulesConfig {
  const rules = Object.fromEntries(RULE_NAMES.map((r) => [r, Object.fromEntries(Object.entries(RULE_ENTRIES[r].settings).map(([field, s]) => [field, s.default]))]));
  return {
    samples: ENGINE_SETTINGS.samples.default,
    hysteresis: ENGINE_SETTINGS.hysteresis.default,
    prometheus_interval: ENGINE_SETTINGS.prometheus_interval.default,
    ...(rules as unknown as RuleThresholds),
  };
}

/** A settable key (`tw_buckets.warning`, `samples`): the rule it belongs to, if any, its field and kind. */
interface Key {
  rule: RuleName | undefined;
  field: string;
  kind: SettingKind;
}

/** Every settable key, from the catalogue, in the order `tcpwatch rules` lists them. */
const KEYS = new Map<string, Key>([
  ...Object.entries(ENGINE_SETTINGS).map(([field, s]: [string, Setting]): [string, Key] => [s.key ?? field, { rule: undefined, field, kind: s.kind }]),
  ...RULE_NAMES.flatMap((rule) => Object.entries(RULE_ENTRIES[rule].settings).map(([field, s]): [string, Key] => [`${rule}.${s.key ?? field}`, { rule, field, kind: s.kind }])),
]);

export const CONFIG_KEYS = [...KEYS.keys()];

/** "600", "600s", "10m", "1h" -> seconds. */
function seconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function checkValue(key: string, kind: SettingKind, raw: unknown, where: string): number {
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

/** The record a key's value lives in: the config itself, or one rule's thresholds. */
function slot(c: RulesConfig, k: Key): Record<string, number> {
  return (k.rule === undefined ? c : c[k.rule]) as unknown as Record<string, number>;
}

/** Checks `raw` for a key and sets it; an unknown key is an error listing the known ones. */
function set(c: RulesConfig, key: string, raw: unknown, where: string): void {
  const k = KEYS.get(key);
  if (!k) throw new ConfigError(`${where}unknown key ${JSON.stringify(key)} (known: ${CONFIG_KEYS.join(', ')})`);
  slot(c, k)[k.field] = checkValue(key, k.kind, raw, where);
}

/**
 * Applies one `KEY=VALUE` (a `--set` flag) to a config. `where` prefixes errors ("--set ").
 */
export function applySetting(c: RulesConfig, assignment: string, where = '--set '): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ConfigError(`${where}${JSON.stringify(assignment)}: expected KEY=VALUE, e.g. tw_buckets.warning=70`);
  set(c, assignment.slice(0, eq).trim(), assignment.slice(eq + 1), where);
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
      for (const [field, leaf] of Object.entries(v as Record<string, unknown>)) set(c, `${top}.${field}`, leaf, where);
    } else {
      set(c, top, v, where);
    }
  }
  return out;
}

/** Warning must not be above critical for any rule: a mistake the user should hear about. */
export function validateConfig(c: RulesConfig, where = ''): void {
  for (const rule of RULE_NAMES) {
    const l = c[rule];
    if (l.warning > l.critical) {
      throw new ConfigError(`${where}${rule}.warning (${l.warning}) is above ${rule}.critical (${l.critical})`);
    }
  }
}

const UNIT: Record<SettingKind, string> = { percent: ' %', rate: ' /s', seconds: ' s', count: '', samples: '' };

/** The settings in force as `key = value` lines, in the order of CONFIG_KEYS (for `tcpwatch rules`). */
export function describeConfig(c: RulesConfig): string[] {
  return [...KEYS].map(([key, k]) => {
    const v = slot(c, k)[k.field];
    return `${key} = ${k.field === 'prometheus_interval' && v === 0 ? 'the --interval' : `${v}${UNIT[k.kind]}`}`;
  });
}
