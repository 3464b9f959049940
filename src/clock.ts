import { performance } from 'node:perf_hooks';
import type { Sample } from './types.js';

/**
 * The two clocks of a live run: `wall` (ms since the epoch) labels samples and gaps; `mono` (ms,
 * never stepped by NTP or an admin's `date -s`) measures the time between them, for rates and
 * windows. Passed in, so a test can step the wall clock under a running monitor.
 */
export interface Clock {
  wall(): number;
  mono(): number;
}

export const systemClock: Clock = { wall: () => Date.now(), mono: () => performance.now() };

/**
 * Seconds from sample `a` to `b`: by the monotonic clock when both were taken live, so a wall
 * clock stepped between them (NTP, `date -s`) makes no negative or diluted rate; by their times
 * otherwise (a capture, a recording).
 */
export function secondsBetween(a: Sample, b: Sample): number {
  return (a.mono !== undefined && b.mono !== undefined ? b.mono - a.mono : b.time - a.time) / 1000;
}
