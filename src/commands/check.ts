import type { CliOptions } from '../args.js';
import { checkReport, checkUnknown } from '../views/check.js';
import { setupOf } from './common.js';
import { oneShot } from './one-shot.js';

/** check waits this long for a second sample by default, so counter increases (overflows, drops) show. */
export const CHECK_WINDOW_MS = 1000;

/** Monitoring-plugin mode: never exits other than 0-3, and says UNKNOWN when it cannot look. */
export async function run(o: CliOptions): Promise<number> {
  let result;
  try {
    const setup = setupOf(o);
    const { sample, alerts } = await oneShot(o, setup, o.checkWindowMs ?? CHECK_WINDOW_MS);
    result = checkReport(sample, alerts, setup.rules);
  } catch (err) {
    result = checkUnknown((err as Error).message);
  }
  process.stdout.write(result.text);
  return result.code;
}
