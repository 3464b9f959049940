import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { applyConfigObject, applySetting, defaultRulesConfig, validateConfig, type RulesConfig } from './rules/config.js';
import { describeReadError } from './source/proc-files.js';

export interface AlertSetup {
  rules: RulesConfig;
  /** the --on-alert command (flag first, else the config file's on_alert) */
  onAlert: string[] | undefined;
  onAlertTimeoutMs: number;
}

export const DEFAULT_ON_ALERT_TIMEOUT_MS = 10_000;

export interface AlertSetupOptions {
  config: string | undefined;
  settings: string[];
  onAlert: string[] | undefined;
  onAlertTimeoutMs: number | undefined;
}

/**
 * Rule settings from the defaults, then the config file, then `--set` flags (later wins).
 * Throws ConfigError naming the file and the key.
 */
export function loadAlertSetup(o: AlertSetupOptions): AlertSetup {
  const rules = defaultRulesConfig();
  let fromFile: { onAlert?: string[]; onAlertTimeoutS?: number } = {};
  if (o.config !== undefined) {
    let text: string;
    try {
      text = readFileSync(o.config, 'utf8');
    } catch (err) {
      throw new ConfigError(`config ${describeReadError(o.config, err)}`, { cause: err });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`config ${o.config}: not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    fromFile = applyConfigObject(rules, doc, `config ${o.config}: `);
    validateConfig(rules, `config ${o.config}: `);
  }
  for (const s of o.settings) applySetting(rules, s);
  validateConfig(rules);
  return {
    rules,
    onAlert: o.onAlert ?? fromFile.onAlert,
    onAlertTimeoutMs: o.onAlertTimeoutMs ?? (fromFile.onAlertTimeoutS !== undefined ? fromFile.onAlertTimeoutS * 1000 : DEFAULT_ON_ALERT_TIMEOUT_MS),
  };
}
