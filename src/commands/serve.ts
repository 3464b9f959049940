import type { CliOptions } from '../args.js';
import { AlertEngine } from '../rules/engine.js';
import { runServe } from '../serve/run.js';
import { setupOf } from './common.js';

export function run(o: CliOptions): Promise<number> {
  const engine = new AlertEngine(setupOf(o).rules);
  return runServe(o, (h) => engine.update(h).active, (line) => process.stderr.write(`tcpwatch: ${line}\n`));
}
