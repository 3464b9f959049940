/**
 * When the exporter takes its next sample, so that the next scrape finds one just finished.
 * Prometheus scrapes a target at a fixed period and offset, so the next scrape is predictable from
 * the last ones; sampling at the scrape instead would serve every scrape the sample the previous one
 * asked for, a whole period old. Pure: times in milliseconds on one monotonic clock.
 */

/** scrapes (and sample durations) remembered: enough for a median that one odd scrape (a curl by hand) does not move */
export const SCRAPES_KEPT = 4;

/** slack before the predicted scrape beyond the sample's own duration */
const MARGIN_MS = 250;
/** and a share of that duration, since a sample's duration varies with the table's size and the machine's load */
const DURATION_SLACK = 0.25;
/**
 * at least this share of the period: on a loaded machine one sample can take several times the
 * last ones, and a sample that overruns its scrape leaves it the one before, a period older
 */
const PERIOD_SHARE = 0.2;

export interface ScheduleInput {
  /** the last scrapes' times, oldest first, the one just come last */
  scrapes: readonly number[];
  /** how long the last samples took, the one just taken last (none before the first) */
  durationsMs: readonly number[];
}

/**
 * The scrape period: the median gap between the remembered scrapes, or the last gap when that is
 * longer (a period just lengthened is followed at once: a sample planned too early would be served
 * stale, one planned too late is taken when its scrape comes); undefined before two scrapes.
 */
export function scrapePeriod(scrapes: readonly number[]): number | undefined {
  const gaps = scrapes.slice(1).map((t, i) => t - scrapes[i]!);
  const last = gaps.at(-1);
  if (last === undefined) return undefined;
  const sorted = [...gaps].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.max(median, last);
}

/**
 * How long after the scrape just come to start the next sample: 0 (now) while the period is not
 * known yet or a sample would not fit in it; otherwise the predicted next scrape less a lead (the
 * sample's duration and a margin, at least a fifth of the period), so that scrape serves a sample
 * about that lead old.
 */
export function nextSampleDelay(o: ScheduleInput): number {
  const period = scrapePeriod(o.scrapes);
  if (period === undefined) return 0;
  // the longest of the last durations: a sample that overruns its lead is not there for its scrape,
  // which then serves the one before, a period older
  const lead = Math.max(Math.max(0, ...o.durationsMs) * (1 + DURATION_SLACK) + MARGIN_MS, period * PERIOD_SHARE);
  return Math.max(0, period - lead);
}
