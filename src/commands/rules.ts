import type { CliOptions } from '../args.js';
import { describeConfig } from '../rules/config.js';
import { renderPromRules } from '../views/prometheus-rules.js';
import { setupOf } from './common.js';

/** `tcpwatch rules`: the thresholds in force after defaults, --config and --set. */
export function run(o: CliOptions): Promise<number> {
  const setup = setupOf(o);
  if (o.prometheus) {
    process.stdout.write(renderPromRules(setup.rules, o.intervalMs / 1000));
    return Promise.resolve(0);
  }
  const body = o.json ? JSON.stringify({ rules: setup.rules, on_alert: setup.onAlert ?? null, on_alert_timeout_ms: setup.onAlertTimeoutMs }, null, 2) : describeConfig(setup.rules).join('\n');
  process.stdout.write(`${body}\n`);
  return Promise.resolve(0);
}
