import type { CliOptions } from '../args.js';
import { LineStream } from '../views/line-stream.js';
import { firstSignal } from './common.js';
import { liveMonitor } from './live-monitor.js';

/** Live without a terminal: one line (or one JSON document) per tick, until interrupted. */
export async function run(o: CliOptions): Promise<number> {
  const log = (m: string) => process.stderr.write(`tcpwatch: ${m}\n`);
  const monitor = await liveMonitor(o, log);
  const out = new LineStream(o.json, (t) => process.stdout.write(t), log);
  const failed = new Promise<never>((_, reject) =>
    monitor.subscribe((e) => {
      if (e.kind === 'tick') out.tick(e.tick);
      else if (e.kind === 'error') reject(e.error instanceof Error ? e.error : new Error(String(e.error)));
    }),
  );
  const stopped = firstSignal(['SIGINT', 'SIGTERM', 'SIGHUP']);
  monitor.start();
  try {
    await Promise.race([stopped, failed]);
  } finally {
    // a running hook may finish (bounded by its timeout); the recording ends on a whole line
    await monitor.stop();
  }
  return 0;
}
