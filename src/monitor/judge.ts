import { History, isGap, type HistoryEntry } from '../history.js';
import type { RulesConfig } from '../rules/config.js';
import { AlertEngine, type EngineResult } from '../rules/engine.js';
import type { Alert } from '../types.js';

/**
 * Entries into a history and the alert engine, in time order: what every mode does with a sample.
 * A gap changes no alert (the engine has no new evidence).
 */
export class Judge {
  readonly history: History;
  private readonly engine: AlertEngine;

  constructor(rules: RulesConfig, capacity: number) {
    this.history = new History(capacity);
    this.engine = new AlertEngine(rules);
  }

  push(e: HistoryEntry): EngineResult {
    this.history.push(e);
    return isGap(e) ? { active: this.engine.active(), raised: [], cleared: [], pending: this.engine.pending() } : this.engine.update(this.history);
  }

  active(): Alert[] {
    return this.engine.active();
  }
}

/** The alerts in force after judging `entries` in order (replay --once, the one-shot modes). */
export function judgeAll(rules: RulesConfig, capacity: number, entries: Iterable<HistoryEntry>): { judge: Judge; active: Alert[] } {
  const judge = new Judge(rules, capacity);
  let active: Alert[] = [];
  for (const e of entries) active = judge.push(e).active;
  return { judge, active };
}
