import type { CliOptions } from '../args.js';
import { recorderFor, setupOf } from './common.js';
import { COUNTER_WINDOW_MS, oneShot } from './one-shot.js';
import { reporter } from './report.js';

/** --once and analyze: the report with the alerts in force. */
export async function run(o: CliOptions): Promise<number> {
  const { sample, alerts } = await oneShot(o, setupOf(o), o.checkWindowMs ?? COUNTER_WINDOW_MS, o.checkWindowMs === undefined);
  const recorder = await recorderFor(o);
  if (recorder) {
    recorder.write(sample, alerts);
    recorder.close();
  }
  process.stdout.write((await reporter(o))(sample, alerts));
  return 0;
}
