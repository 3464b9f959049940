import type { CliOptions } from '../args.js';
import { startExporter } from '../serve/run.js';
import { capacityOf, firstSignal, recorderFor, setupOf, sourceOptions } from './common.js';

/** `tcpwatch serve` (--all-netns: every namespace): the exporter until SIGINT or SIGTERM. */
export async function run(o: CliOptions): Promise<number> {
  const warn = (m: string) => process.stderr.write(`tcpwatch: ${m}\n`);
  const common = { source: sourceOptions(o), listen: o.listen, intervalMs: o.intervalMs, maxCpu: o.maxCpu, historySize: capacityOf(o), rules: setupOf(o).rules, top: o.top };
  const exporter = o.allNetns ? await (await import('../serve/run-all-netns.js')).startAllNetnsExporter({ ...common, topNetns: o.topNetns, warn }) : await startExporter({ ...common, recorder: await recorderFor(o, warn) });
  const { host, port } = exporter.address;
  process.stderr.write(`tcpwatch: serving http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics (sampling every ${o.intervalMs / 1000}s)\n`);
  await firstSignal(['SIGINT', 'SIGTERM']);
  await exporter.stop();
  return 0;
}
