import { secondsBetween } from '../clock.js';
import { History, isGap, type HistoryEntry } from '../history.js';
import type { RulesConfig } from '../rules/config.js';
import { AlertEngine, type EngineResult } from '../rules/engine.js';
import { RecentOwners } from '../recent-owners.js';
import { ratesBetween } from '../tick-rates.js';
import type { Alert, Sample } from '../types.js';

/** What judging an entry gave: the alerts, and the entry as kept (its rates taken against the previous table). */
export type Judged = EngineResult & { entry: HistoryEntry };

/**
 * Entries into a history and the alert engine, in time order: what every mode does with a sample.
 * A gap changes no alert (the engine has no new evidence). Each new read of the table has its
 * rates refined against the one before (tick-rates.ts) and, with --processes, the likely authors
 * recent samples saw (recent-owners.ts); a tick that carries an older table over carries those too.
 */
export class Judge {
  readonly history: History;
  private readonly engine: AlertEngine;
  /** the newest table read, as refined, and when it was read */
  private table: { at: number; sample: Sample } | undefined;
  private readonly owners = new RecentOwners();

  constructor(rules: RulesConfig, capacity: number) {
    this.history = new History(capacity);
    this.engine = new AlertEngine(rules);
  }

  push(e: HistoryEntry): Judged {
    const entry = isGap(e) ? e : this.fromTable(e);
    this.history.push(entry);
    const result = isGap(entry) ? { active: this.engine.active(), raised: [], cleared: [], pending: this.engine.pending() } : this.engine.update(this.history);
    return { ...result, entry };
  }

  active(): Alert[] {
    return this.engine.active();
  }

  private fromTable(s: Sample): Sample {
    const last = this.table;
    if (s.breakdownTime !== undefined) {
      // a cheap tick: the table (and so its rates) is the one read at breakdownTime
      if (last?.at !== s.breakdownTime) return s;
      const { rates } = last.sample;
      return { ...s, destinations: last.sample.destinations, ...(rates ? { rates } : {}) };
    }
    const refined = this.owners.apply(last && s.time > last.at ? ratesBetween(last.sample, s, secondsBetween(last.sample, s)) : s);
    this.table = { at: s.time, sample: refined };
    return refined;
  }
}

/** The alerts in force after judging `entries` in order (replay --once, the one-shot modes), and the entries as judged. */
export function judgeAll(rules: RulesConfig, capacity: number, entries: Iterable<HistoryEntry>): { judge: Judge; active: Alert[]; judged: HistoryEntry[] } {
  const judge = new Judge(rules, capacity);
  let active: Alert[] = [];
  const judged: HistoryEntry[] = [];
  for (const e of entries) {
    const r = judge.push(e);
    active = r.active;
    judged.push(r.entry);
  }
  return { judge, active, judged };
}
