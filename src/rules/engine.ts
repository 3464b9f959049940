import { isGap, type History } from '../history.js';
import type { Alert, AlertLevel, Sample } from '../types.js';
import { RULE_NAMES, type RuleName } from './catalogue.js';
import type { RulesConfig } from './config.js';
import { RULES } from './index.js';
import { rank, type Finding, type Rule } from './rule.js';

export interface EngineResult {
  /** alerts in force after this sample, worst first */
  active: Alert[];
  /** alerts that appeared or changed level with this sample (`previous` says the old level) */
  raised: Alert[];
  /** alerts that went back to ok with this sample (level 'ok', `previous` the old level) */
  cleared: Alert[];
  /** worse levels seen but not yet confirmed, worst first */
  pending: Pending[];
}

/** A level worse than the one in force, seen in `seen` consecutive samples of the `needed`. */
export interface Pending {
  /** the alert as it will be raised if the next samples confirm it */
  alert: Alert;
  seen: number;
  needed: number;
}

interface KeyState {
  /** what is reported now; undefined while only a pending raise exists */
  alert: Alert | undefined;
  /** a different level seen in the latest consecutive samples, not yet reported */
  pending: { level: AlertLevel; count: number; since: number; alert?: Alert } | undefined;
  /** the finding comes from the breakdown (see Finding.fromBreakdown) */
  breakdown: boolean;
}

function keyOf(rule: RuleName, subject: string | undefined): string {
  return subject === undefined ? rule : `${rule}\u0000${subject}`;
}

function toAlert(f: Finding, level: AlertLevel, since: number): Alert {
  return {
    rule: f.rule,
    level,
    value: f.value,
    limit: f.limit,
    since,
    message: f.message,
    remedy: f.remedy,
    ...(f.fix !== undefined ? { fix: f.fix } : {}),
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
  };
}

/** Real samples of a history, oldest first. */
function realSamples(history: History): Sample[] {
  const out: Sample[] = [];
  for (const e of history.toArray()) if (!isGap(e)) out.push(e);
  return out;
}

const fill = (a: Alert) => (a.limit > 0 ? a.value / a.limit : 0);
/** Worst level first, then fullest (value / limit) first. */
const byWorst = (a: Alert, b: Alert) => rank(b.level) - rank(a.level) || fill(b) - fill(a);

/**
 * Turns the rules' findings over a history into alerts: a level is reported once it has been seen
 * in `samples` consecutive samples (at once for immediate findings), hysteresis comes from the
 * rules, and `since` is the time of the first of those samples. The state is this object's own;
 * calling update again for the same newest sample changes nothing.
 */
export class AlertEngine {
  private readonly states = new Map<string, KeyState>();
  private lastTime: number | undefined;

  constructor(
    private readonly config: RulesConfig,
    private readonly rules: readonly Rule[] = RULE_NAMES.map((r) => RULES[r]),
  ) {}

  update(history: History): EngineResult {
    const samples = realSamples(history);
    const sample = samples[samples.length - 1];
    if (!sample || sample.time === this.lastTime) return { active: this.active(), raised: [], cleared: [], pending: this.pending() };
    this.lastTime = sample.time;
    const was = (rule: RuleName, subject?: string): AlertLevel => this.states.get(keyOf(rule, subject))?.alert?.level ?? 'ok';
    const input = { sample, previous: samples[samples.length - 2], samples, config: this.config, was };
    const stale = sample.breakdownTime !== undefined;
    const findings = new Map<string, Finding>();
    for (const rule of this.rules) for (const f of rule(input)) findings.set(keyOf(f.rule, f.subject), f);

    const raised: Alert[] = [];
    const cleared: Alert[] = [];
    const keys = new Set([...this.states.keys(), ...findings.keys()]);
    for (const key of keys) {
      const f = findings.get(key);
      const observed: AlertLevel = f?.level ?? 'ok';
      const st = this.states.get(key) ?? { alert: undefined, pending: undefined, breakdown: f?.fromBreakdown === true };
      if (f) st.breakdown = f.fromBreakdown === true;
      const current: AlertLevel = st.alert?.level ?? 'ok';
      if (stale && st.breakdown) {
        // a carried-over breakdown neither confirms nor clears a level
        if (st.alert && f) st.alert = toAlert(f, current, st.alert.since);
      } else if (observed === current) {
        st.pending = undefined;
        if (st.alert && f) st.alert = toAlert(f, current, st.alert.since);
      } else {
        st.pending = st.pending?.level === observed ? { ...st.pending, count: st.pending.count + 1 } : { level: observed, count: 1, since: sample.time };
        const now = st.pending.count >= this.config.samples || (f?.immediate === true && rank(observed) > rank(current));
        if (now && observed === 'ok') {
          const last = st.alert as Alert;
          cleared.push({ ...(f ? toAlert(f, 'ok', st.pending.since) : { ...last, level: 'ok' as const, since: st.pending.since }), previous: current });
          st.alert = undefined;
          st.pending = undefined;
        } else if (now && f) {
          st.alert = toAlert(f, observed, st.pending.since);
          raised.push(current === 'ok' ? st.alert : { ...st.alert, previous: current });
          st.pending = undefined;
        } else {
          if (f) st.pending.alert = toAlert(f, observed, st.pending.since);
          if (st.alert && f) st.alert = toAlert(f, current, st.alert.since); // fresh numbers, level unchanged until confirmed
        }
      }
      if (st.alert || st.pending) this.states.set(key, st);
      else this.states.delete(key);
    }
    return { active: this.active(), raised, cleared, pending: this.pending() };
  }

  /** Levels worse than the one in force awaiting confirmation, worst first. */
  pending(): Pending[] {
    const out: Pending[] = [];
    for (const st of this.states.values()) {
      const p = st.pending;
      if (p?.alert && rank(p.level) > rank(st.alert?.level ?? 'ok')) out.push({ alert: p.alert, seen: p.count, needed: this.config.samples });
    }
    return out.sort((a, b) => byWorst(a.alert, b.alert));
  }

  /** Alerts in force, worst level first, then fullest (value / limit) first. */
  active(): Alert[] {
    const out: Alert[] = [];
    for (const st of this.states.values()) if (st.alert) out.push(st.alert);
    return out.sort(byWorst);
  }
}

/** The worst level among alerts ('ok' when none). */
export function worstLevel(alerts: readonly Alert[]): AlertLevel {
  let w: AlertLevel = 'ok';
  for (const a of alerts) if (rank(a.level) > rank(w)) w = a.level;
  return w;
}
