import { describe, expect, it } from 'vitest';
import { liveFeed } from '../../src/monitor/feed.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { ScrapeState } from '../../src/serve/scrape-state.js';
import { sampleLinux } from '../../src/source/linux.js';
import type { Sample } from '../../src/types.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** serve's wiring: the monitor samples, the scrape state keeps what a scrape answers from. */
function exporterState(take: () => Promise<Sample>): { monitor: Monitor; scrape: ScrapeState; first: Promise<void> } {
  const scrape = new ScrapeState('procfs');
  const monitor = new Monitor({ feed: liveFeed(scrape.timed(take)), intervalMs: 100, historySize: 10, rules: defaultRulesConfig() });
  monitor.subscribe(scrape.onEvent);
  const first = new Promise<void>((resolve) => monitor.subscribe(() => resolve()));
  monitor.start();
  return { monitor, scrape, first };
}

describe('the exporter scrape state', () => {
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
    const { monitor, scrape, first: started } = exporterState(take);
    await started;
    const first = scrape.snapshot();
    expect(first.sample).toBeDefined();
    // the second sample is now stuck; scrapes keep getting the first one, older each time
    await sleep(400);
    for (let i = 0; i < 50; i++) expect(scrape.snapshot().sample).toBe(first.sample);
    const later = scrape.snapshot();
    expect(later.ageSeconds).toBeGreaterThanOrEqual(0.35);
    expect(calls).toBe(2);
    release?.();
    await sleep(50);
    expect(scrape.snapshot().sample).not.toBe(first.sample);
    await monitor.stop();
    release?.();
    expect(maxInFlight).toBe(1);
  });

  it('reports a failing source and keeps the last good sample', async () => {
    let n = 0;
    const take = async (): Promise<Sample> => {
      if (n++ === 0) return sampleLinux({ procRoot: PROC });
      return sampleLinux({ procRoot: '/nonexistent-proc-root' });
    };
    const { monitor, scrape, first } = exporterState(take);
    await first;
    const good = scrape.snapshot().sample;
    expect(good).toBeDefined();
    await sleep(250);
    const snap = scrape.snapshot();
    await monitor.stop();
    expect(snap.sample).toBe(good);
    expect(snap.sources).toMatchObject([{ source: 'procfs', success: false }]);
    expect(snap.sources[0]?.durationSeconds).toBeTypeOf('number');
    expect(monitor.history.size).toBeGreaterThanOrEqual(2); // the failure is a gap in history
    expect(monitor.history.at(-1)).toMatchObject({ gap: true });
  });
});
