import { describe, expect, it } from 'vitest';
import { nextSampleDelay, scrapePeriod } from '../../src/serve/scrape-schedule.js';

describe('scrapePeriod: the median gap between the last scrapes, or the last gap when longer', () => {
  it.each([
    [[], undefined],
    [[1000], undefined],
    [[0, 15_000], 15_000],
    [[0, 15_000, 30_000, 45_000], 15_000],
    // one scrape by hand between two of Prometheus's: the median holds until the period resumes
    [[0, 15_000, 30_000, 32_000], 15_000],
    [[0, 15_000, 30_000, 32_000, 45_000], 14_000],
    // the period shortened: two gaps of the new one carry the median
    [[0, 60_000, 120_000, 135_000], 60_000],
    [[60_000, 120_000, 135_000, 150_000], 15_000],
    // the period lengthened: followed from its first gap
    [[0, 15_000, 30_000, 45_000, 105_000], 60_000],
  ])('%j → %s', (scrapes, period) => {
    expect(scrapePeriod(scrapes)).toBe(period);
  });
});

describe('nextSampleDelay: the next sample ends just before the next scrape', () => {
  it('samples at once while no period is known', () => {
    expect(nextSampleDelay({ scrapes: [5000], durationsMs: [300] })).toBe(0);
  });

  it('starts the sample its longest recent duration, a quarter more and 250 ms before the predicted scrape', () => {
    expect(nextSampleDelay({ scrapes: [0, 60_000], durationsMs: [12_000] })).toBe(60_000 - 15_000 - 250);
    expect(nextSampleDelay({ scrapes: [0, 5000, 10_000], durationsMs: [800] })).toBe(5000 - 1000 - 250);
    // the longest of the last durations: one slow sample under load makes the next start earlier
    expect(nextSampleDelay({ scrapes: [0, 5000, 10_000], durationsMs: [2400, 800] })).toBe(5000 - 3000 - 250);
  });

  it('but at least a fifth of the period before it: a loaded machine can slow one sample several times', () => {
    expect(nextSampleDelay({ scrapes: [0, 60_000], durationsMs: [] })).toBe(48_000);
    expect(nextSampleDelay({ scrapes: [0, 60_000], durationsMs: [3000] })).toBe(48_000);
  });

  it('samples at once when a sample would not fit between two scrapes', () => {
    expect(nextSampleDelay({ scrapes: [0, 2000], durationsMs: [1800] })).toBe(0);
    expect(nextSampleDelay({ scrapes: [0, 0], durationsMs: [] })).toBe(0);
  });
});
