/** How values read in the panels: rates, times, alert events, and the tone of a level or a ratio. */
import type { AlertLevel } from '../../types.js';
import { thousands } from '../../format.js';
import type { AlertEvent } from '../alert-log.js';
import type { Tone } from '../text.js';

export const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** "12.5", "3,400", "-" for unknown. */
export function rateText(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  return a >= 100 ? thousands(v) : a >= 10 || a === 0 ? v.toFixed(0) : v.toFixed(1);
}

/** Change per second with a sign: "+12", "-0.5", "0". */
export function deltaText(v: number | undefined): string {
  const t = rateText(v);
  // no sign on what rounds to zero ("0.0", not "+0.0")
  return v !== undefined && v > 0 && /[1-9]/.test(t) ? `+${t}` : t;
}

export function toneOfRatio(r: number | undefined): Tone | undefined {
  if (r === undefined) return undefined;
  return r >= 0.9 ? 'critical' : r >= 0.7 ? 'warning' : 'ok';
}

export function toneOfLevel(l: AlertLevel): Tone | undefined {
  return l === 'critical' ? 'critical' : l === 'warning' ? 'warning' : undefined;
}

export function eventText(e: AlertEvent): string {
  const subject = e.subject ? ` [${e.subject}]` : '';
  return `${hhmmss(e.time)} ${e.kind.toUpperCase()} ${e.level.toUpperCase()} ${e.rule}${subject}: ${e.message}`;
}
