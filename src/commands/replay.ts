import type { CliOptions } from '../args.js';
import { runReplay, type ReplayTuiFeed } from '../replay/run.js';
import { AlertEngine } from '../rules/engine.js';
import { wantsTui } from '../tui/mode.js';
import { setupOf } from './common.js';
import { reporter } from './report.js';

export async function run(o: CliOptions): Promise<number> {
  const rules = setupOf(o).rules;
  return runReplay(o, {
    engine: () => new AlertEngine(rules),
    render: await reporter(o),
    write: (t) => process.stdout.write(t),
    warn: (line) => process.stderr.write(`tcpwatch: ${line}\n`),
    ...(wantsTui(Boolean(process.stdout.isTTY), o.json, process.env.TERM) ? { tui: async (feed: ReplayTuiFeed) => (await import('./tui.js')).run(o, feed) } : {}),
  });
}
