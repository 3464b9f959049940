import type { CliOptions } from '../args.js';
import { UsageError } from '../errors.js';
import { sortDestinations } from '../tally/destination-order.js';
import { describeFilter } from '../tally/filter-spec.js';
import type { Alert, Sample } from '../types.js';
import { terminalWidth } from './common.js';

/** --sort: the sample with its destinations in that order. */
function sorted(o: CliOptions, s: Sample): Sample {
  if (!o.sort || o.sort === 'ports') return s;
  const destinations = sortDestinations(s.destinations, o.sort);
  if (!destinations) throw new UsageError(`--sort ${o.sort}: this sample's destinations carry no ${o.sort}`);
  return { ...s, destinations };
}

/** The one-moment report of --once, analyze and replay --once: JSON or the table, only the one asked for is loaded. */
export async function reporter(o: CliOptions): Promise<(sample: Sample, alerts: Alert[]) => string> {
  if (o.json) {
    const { sampleToJson } = await import('../codec/sample-json.js');
    return (sample, alerts) => `${JSON.stringify(sampleToJson(sorted(o, sample), alerts), null, 2)}\n`;
  }
  const { renderTable } = await import('../views/table.js');
  const filter = describeFilter(o.filter);
  return (sample, alerts) => renderTable(sorted(o, sample), alerts, { top: o.top, width: terminalWidth(), ...(filter ? { filter } : {}), ...(o.sort ? { order: o.sort } : {}) });
}
