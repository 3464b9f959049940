/** The alert strip: the worst alert's headline, its number first, and on a second line its one-line fix. */
import { rank } from '../../rules/rule.js';
import type { Pending } from '../../rules/engine.js';
import { headline, oneLineFix } from '../../rules/headline.js';
import type { Alert } from '../../types.js';
import type { AlertLog } from '../alert-log.js';
import { clean, fit, tag } from '../text.js';
import type { PanelInput } from './input.js';
import { eventText, toneOfLevel } from './values.js';

/** What the strip is about: the worst alert in force, else the worst level still being confirmed. */
export interface Glance {
  alert: Alert;
  /** how many more alerts (in force, or pending) there are */
  more: number;
  /** not yet in force: seen in `seen` of the `needed` consecutive samples */
  judging?: { seen: number; needed: number };
}

export function glanceOf(log: AlertLog, pending: readonly Pending[] = []): Glance | undefined {
  // the log keeps the engine's order (fullest first); sort() is stable
  const active = [...log.active.values()].sort((a, b) => rank(b.level) - rank(a.level));
  const first = active[0];
  if (first) return { alert: first, more: active.length - 1 };
  const p = pending[0];
  return p ? { alert: p.alert, more: pending.length - 1, judging: { seen: p.seen, needed: p.needed } } : undefined;
}

export function strip(p: PanelInput): string {
  const { width: w, height } = p.layout.strip;
  const g = glanceOf(p.log, p.pending);
  if (!g) {
    if (p.vm.header.sampleTime === undefined) return fit('ALERTS waiting for the first sample', w);
    const last = p.log.events[p.log.events.length - 1];
    return fit(`ALERTS none${last ? `  (last: ${clean(eventText(last))})` : ''}`, w);
  }
  const tone = toneOfLevel(g.alert.level);
  const head = g.judging ? `ALERTS judging (${g.judging.seen} of ${g.judging.needed} samples):` : `ALERTS ${g.alert.level.toUpperCase()}`;
  const more = g.more > 0 ? `  +${g.more} more` : '';
  // the headline leads with its number, so a narrow strip cuts only its end
  const text = fit(` ${clean(headline(g.alert))}`, Math.max(0, w - head.length - more.length));
  const lines = [`${tag(p.theme, tone, head)}${tag(p.theme, undefined, text)}${tag(p.theme, undefined, more)}`];
  if (height > 1) lines.push(`${tag(p.theme, 'title', 'fix:')}${tag(p.theme, undefined, fit(` ${clean(oneLineFix(g.alert))}`, Math.max(0, w - 4)))}`);
  return lines.join('\n');
}
