import { describe, expect, it } from 'vitest';
import { SampleCache } from '../../src/serve/sample-cache.js';
import { sampleLinux } from '../../src/source/linux.js';
import type { Sample } from '../../src/types.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SampleCache', () => {
  it('serves the last complete sample with its age while a slow one runs, never two at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    let release: (() => void) | undefined;
    // real samples of the captured tree; from the second one on, each waits until released
    const take = async (): Promise<Sample> => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (calls > 1) await new Promise<void>((r) => (release = r));
      const s = await sampleLinux({ procRoot: PROC });
      inFlight--;
      return s;
    };
    const cache = new SampleCache({ take, source: 'procfs', intervalMs: 100, historySize: 10, alertsFor: () => [] });
    await cache.start();
    const first = cache.snapshot();
    expect(first.sample).toBeDefined();
    // the second sample is now stuck; scrapes keep getting the first one, older each time
    await sleep(400);
    for (let i = 0; i < 50; i++) expect(cache.snapshot().sample).toBe(first.sample);
    const later = cache.snapshot();
    expect(later.ageSeconds).toBeGreaterThanOrEqual(0.35);
    expect(calls).toBe(2);
    release?.();
    await sleep(50);
    expect(cache.snapshot().sample).not.toBe(first.sample);
    cache.stop();
    release?.();
    expect(maxInFlight).toBe(1);
  });

  it('reports a failing source and keeps the last good sample', async () => {
    let n = 0;
    const take = async (): Promise<Sample> => {
      if (n++ === 0) return sampleLinux({ procRoot: PROC });
      return sampleLinux({ procRoot: '/nonexistent-proc-root' });
    };
    const cache = new SampleCache({ take, source: 'procfs', intervalMs: 100, historySize: 10, alertsFor: () => [] });
    await cache.start();
    const good = cache.snapshot().sample;
    await sleep(250);
    const snap = cache.snapshot();
    cache.stop();
    expect(snap.sample).toBe(good);
    expect(snap.sources).toEqual([{ source: 'procfs', success: false, durationSeconds: expect.any(Number) as unknown }]);
    expect(cache.history.size).toBeGreaterThanOrEqual(2); // the failure is a gap in history
  });
});
