import type { CliOptions } from '../args.js';
import { completionScript } from '../completion/index.js';
import type { Shell } from '../completion/shells.js';

/** `tcpwatch completion bash|zsh|fish`: the script that shell sources (args.ts checked the name). */
export function run(o: CliOptions): Promise<number> {
  process.stdout.write(completionScript(o.args[0] as Shell));
  return Promise.resolve(0);
}
