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
