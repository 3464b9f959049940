// Memory stays bounded over a long run: the ring buffer, the series and the alert log all cap.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../helpers/tui-soak.mjs', import.meta.url));

it('10,000 ticks through history, view, panels and alert log keep memory bounded', { timeout: 90_000 }, () => {
  // 2,000 ticks fill the one-hour ring (1,800) first; 8,000 more must not grow the heap
  const out = execFileSync(process.execPath, ['--expose-gc', SCRIPT, '2000', '8000'], { encoding: 'utf8', timeout: 120_000 });
  const r = JSON.parse(out) as { ticks: number; size: number; capacity: number; maxSeries: number; events: number; before: number; after: number };
  console.log(`soak: ${r.ticks} ticks, retained heap ${(r.before / 1e6).toFixed(1)} MB -> ${(r.after / 1e6).toFixed(1)} MB`);
  expect(r.ticks).toBe(10_000);
  expect(r.size).toBe(r.capacity);
  expect(r.maxSeries).toBe(200);
  expect(r.events).toBe(200);
  // 8,000 leaked samples would be tens of MB; what stays must be noise
  expect(r.after - r.before).toBeLessThan(2_000_000);
});

const DAY = fileURLToPath(new URL('../helpers/soak-24h.mjs', import.meta.url));

it('24 hours of real samples at the 2 s interval, at full speed through the monitor, the scrape state and the TUI model: heap flat, no alert stuck', { timeout: 300_000 }, () => {
  const out = execFileSync(process.execPath, ['--expose-gc', DAY, '24'], { encoding: 'utf8', timeout: 300_000 });
  const r = JSON.parse(out) as {
    ticks: number;
    scrapes: number;
    frames: number;
    raised: Record<string, number>;
    cleared: Record<string, number>;
    stuck: number;
    activeAtEnd: string[];
    scrapeAlertsAtEnd: number;
    firingInMetrics: number;
    historySize: number;
    heapAt2h: number;
    heapAt24h: number;
  };
  console.log(`soak 24 h: ${r.ticks} ticks, ${r.scrapes} scrapes, ${r.frames} frames, retained heap ${(r.heapAt2h / 1e6).toFixed(2)} MB at 2 h -> ${(r.heapAt24h / 1e6).toFixed(2)} MB at 24 h`);
  // 43,200 entries, one in 997 a gap: every one judged
  expect(r.ticks).toBe(43_200);
  expect([r.scrapes, r.frames, r.historySize]).toEqual([2880, 1440, 1800]);
  // each hour's three incidents raise their alert once, and the calm after clears it
  expect(r.raised).toEqual({ tw_buckets: 24, port_exhaustion: 24, close_wait_leak: 24 });
  expect(r.cleared).toEqual(r.raised);
  expect([r.stuck, r.activeAtEnd, r.scrapeAlertsAtEnd, r.firingInMetrics]).toEqual([0, [], 0, 0]);
  // 22 hours past a full ring: a sample leaked per tick would be hundreds of MB
  expect(r.heapAt24h - r.heapAt2h).toBeLessThan(2_000_000);
});
