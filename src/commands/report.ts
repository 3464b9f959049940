import type { CliOptions } from '../args.js';
import type { Alert, Sample } from '../types.js';

/** The one-moment report of --once, analyze and replay --once: JSON or the table, only the one asked for is loaded. */
export async function reporter(o: CliOptions): Promise<(sample: Sample, alerts: Alert[]) => string> {
  if (o.json) {
    const { sampleToJson } = await import('../codec/sample-json.js');
    return (sample, alerts) => `${JSON.stringify(sampleToJson(sample, alerts), null, 2)}\n`;
  }
  const { renderTable } = await import('../views/table.js');
  return (sample, alerts) => renderTable(sample, alerts, { top: o.top });
}
