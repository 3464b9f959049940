import { advise, adviceText } from '../advice/index.js';
import type { CliOptions } from '../args.js';
import { adviceToJson } from '../views/advice-json.js';
import { wrapLines } from '../wrap.js';
import { setupOf, terminalWidth } from './common.js';
import { COUNTER_WINDOW_MS, oneShot } from './one-shot.js';

export async function run(o: CliOptions): Promise<number> {
  const { sample, alerts } = await oneShot(o, setupOf(o), o.checkWindowMs ?? COUNTER_WINDOW_MS, o.checkWindowMs === undefined);
  const a = advise(sample, alerts);
  if (o.json) process.stdout.write(`${JSON.stringify(adviceToJson(a), null, 2)}\n`);
  else process.stdout.write(`${wrapLines(adviceText(a), terminalWidth() ?? 100).join('\n')}\n`);
  return 0;
}
