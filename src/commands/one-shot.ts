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

/**
 * The one-shot modes: one sample, or two `windowMs` apart so rules on counter increases can fire.
 * A level counts at once (samples = 1): there is no later sample to confirm it.
 */
export async function oneShot(o: CliOptions, setup: AlertSetup, windowMs: number): Promise<{ sample: Sample; alerts: Alert[] }> {
  const take = await sampler(o);
  const samples = [await take()];
  if (windowMs > 0 && o.command !== 'analyze') {
    await sleep(windowMs);
    samples.push(await take());
  }
  const { active } = judgeAll({ ...setup.rules, samples: 1 }, 2, samples);
  return { sample: samples[samples.length - 1] as Sample, alerts: active };
}
