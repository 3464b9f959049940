import type { AlertLevel, Sample } from '../types.js';
import type { Levels, RuleName } from './catalogue.js';
import type { RulesConfig } from './config.js';

/** What a rule sees: plain data only. */
export interface RuleInput {
  /** the newest sample */
  sample: Sample;
  /** the real sample before it, for counter increases (undefined with one sample) */
  previous: Sample | undefined;
  /** real samples in time order, newest last (for windows) */
  samples: readonly Sample[];
  config: RulesConfig;
  /** the level an alert (rule, subject) had before this sample, for hysteresis */
  was: (rule: RuleName, subject?: string) => AlertLevel;
}

/** A rule's measurement of one thing, at some level (ok included, so a cleared alert has its value). */
export interface Finding {
  rule: RuleName;
  subject?: string;
  level: AlertLevel;
  value: number;
  limit: number;
  message: string;
  remedy: string;
  /** a fix in one line more specific than the catalogue's (e.g. for the program at fault) */
  fix?: string;
  /** raise at once, without waiting for consecutive samples (the kernel is already dropping) */
  immediate?: boolean;
  /**
   * measured from the per-socket breakdown (destinations, states), which a cheap live tick
   * carries over from an earlier sample: such a repeat is no new evidence for or against a level
   */
  fromBreakdown?: boolean;
}

export type Rule = (input: RuleInput) => Finding[];

const RANK: Record<AlertLevel, number> = { ok: 0, warning: 1, critical: 2 };

export function rank(l: AlertLevel): number {
  return RANK[l];
}

/**
 * Level of a value against thresholds (at or above fires). A level already held stays until the
 * value falls `hysteresis` percent below its threshold, so a value hovering at it does not flap.
 */
export function levelOf(value: number, t: Levels, was: AlertLevel, hysteresis: number): AlertLevel {
  const keep = (threshold: number) => value >= threshold * (1 - hysteresis / 100);
  if (value >= t.critical || (was === 'critical' && keep(t.critical))) return 'critical';
  if (value >= t.warning || (was !== 'ok' && keep(t.warning))) return 'warning';
  return 'ok';
}

/** Percent of `part` in `whole` (0 when whole is not positive). */
export function pct(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

/** A window's length for messages: 1.5 s stays 1.5 s, 2.0 s is 2 s. */
export function secondsText(seconds: number): string {
  return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
}

export interface Increase {
  delta: number;
  seconds: number;
  perSecond: number;
}

/**
 * How much a monotonic counter grew between the previous and the newest sample. Undefined when
 * either value is missing or the counter went backwards (reset: a new namespace, a reboot).
 */
export function increase(input: Pick<RuleInput, 'sample' | 'previous'>, f: (s: Sample) => number | undefined): Increase | undefined {
  if (!input.previous) return undefined;
  const a = f(input.previous);
  const b = f(input.sample);
  const seconds = (input.sample.time - input.previous.time) / 1000;
  if (a === undefined || b === undefined || b < a || seconds <= 0) return undefined;
  return { delta: b - a, seconds, perSecond: (b - a) / seconds };
}
