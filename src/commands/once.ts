import type { CliOptions } from '../args.js';
import { recorderFor, setupOf } from './common.js';
import { COUNTER_WINDOW_MS, oneShot } from './one-shot.js';
import { reporter } from './report.js';

/** --once and analyze: the report with the alerts in force. */
export async function run(o: CliOptions): Promise<number> {
  const { sample, alerts } = await oneShot(o, setupOf(o), o.checkWindowMs ?? COUNTER_WINDOW_MS, o.checkWindowMs === undefined);
  const recorder = await recorderFor(o);
  recorder?.write(sample, alerts);
  recorder?.close();
  process.stdout.write((await reporter(o))(sample, alerts));
  // the report is out; the sample it shows is not recorded
  if (recorder?.failure === undefined) return 0;
  process.stderr.write(`tcpwatch: cannot record to ${recorder.failure}\n`);
  return 1;
}
