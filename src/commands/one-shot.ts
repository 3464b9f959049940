import { setTimeout as sleep } from 'node:timers/promises';
import type { CliOptions } from '../args.js';
import type { AlertSetup } from '../config-file.js';
import { judgeAll } from '../monitor/judge.js';
import type { Alert, Sample } from '../types.js';
import { processOptions, sourceOptions } from './common.js';

/** analyze reads a capture file, the others this machine: only that source's modules are loaded. */
async function sampler(o: CliOptions): Promise<() => Promise<Sample>> {
  if (o.command === 'analyze') {
    const { sampleCapture } = await import('../source/capture.js');
    return () => sampleCapture({ file: o.args[0] as string, format: o.format, portRange: o.portRange, filter: o.filter });
  }
  const { createSource } = await import('../source/index.js');
  return createSource({ ...sourceOptions(o), ...processOptions(o) });
}

/** --once and advise read the O(1) counters again this long after the table, so an overflow or drop in progress shows. */
export const COUNTER_WINDOW_MS = 500;

/**
 * The one-shot modes: one sample, or two `windowMs` apart so rules on counter increases can fire.
 * With `countersOnly` the second read is the O(1) counters only (the table is not scanned twice),
 * and the report shows the full sample, judged with the counters read after it.
 * A level counts at once (samples = 1): there is no later sample to confirm it.
 */
export async function oneShot(o: CliOptions, setup: AlertSetup, windowMs: number, countersOnly = false): Promise<{ sample: Sample; alerts: Alert[] }> {
  const take = await sampler(o);
  const samples = [await take()];
  const recount = countersOnly ? await counterReader(o) : undefined;
  if (windowMs > 0 && o.command !== 'analyze' && (!countersOnly || recount)) {
    await sleep(windowMs);
    samples.push(await (recount ? recount(samples[0] as Sample) : take()));
  }
  // two reads of the table (check; netstat's platforms) give its rates between them too
  const { active, judged } = judgeAll({ ...setup.rules, samples: 1 }, 2, samples);
  return { sample: (countersOnly ? samples[0] : judged[judged.length - 1]) as Sample, alerts: active };
}

/** The O(1) counters again, the breakdown carried over: Linux only (netstat has no cheap path). */
async function counterReader(o: CliOptions): Promise<((first: Sample) => Promise<Sample>) | undefined> {
  if (o.command === 'analyze') return undefined;
  const { createCounterSource } = await import('../source/index.js');
  return createCounterSource({ ...sourceOptions(o), ...processOptions(o) });
}
