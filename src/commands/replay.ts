import type { CliOptions } from '../args.js';
import { runReplay, type ReplayTuiFeed } from '../replay/run.js';
import { wantsTui } from '../tui/mode.js';
import { LineStream } from '../views/line-stream.js';
import { capacityOf, firstSignal, setupOf } from './common.js';
import { reporter } from './report.js';

export async function run(o: CliOptions): Promise<number> {
  const write = (t: string) => process.stdout.write(t);
  const out = new LineStream(o.json, write);
  return runReplay(
    { file: o.args[0] as string, rules: setupOf(o).rules, capacity: capacityOf(o), once: o.once, json: o.json, at: o.at, speed: o.speed },
    {
      render: await reporter(o),
      stream: (t) => out.tick(t),
      write,
      warn: (line) => process.stderr.write(`tcpwatch: ${line}\n`),
      stopRequested: () => firstSignal(['SIGINT', 'SIGTERM']),
      ...(wantsTui(Boolean(process.stdout.isTTY), o.json, process.env.TERM) ? { tui: async (feed: ReplayTuiFeed) => (await import('./tui.js')).run(o, feed) } : {}),
    },
  );
}
