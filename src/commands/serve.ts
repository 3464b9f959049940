import type { CliOptions } from '../args.js';
import { startExporter } from '../serve/run.js';
import { capacityOf, firstSignal, recorderFor, setupOf, sourceOptions } from './common.js';

/** `tcpwatch serve`: the exporter until SIGINT or SIGTERM. */
export async function run(o: CliOptions): Promise<number> {
  const exporter = await startExporter({
    source: sourceOptions(o),
    listen: o.listen,
    intervalMs: o.intervalMs,
    maxCpu: o.maxCpu,
    historySize: capacityOf(o),
    rules: setupOf(o).rules,
    top: o.top,
    recorder: await recorderFor(o, (m) => process.stderr.write(`tcpwatch: ${m}\n`)),
  });
  const { host, port } = exporter.address;
  process.stderr.write(`tcpwatch: serving http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics (sampling every ${o.intervalMs / 1000}s)\n`);
  await firstSignal(['SIGINT', 'SIGTERM']);
  await exporter.stop();
  return 0;
}
