/** Cell-text helpers for the TUI: safe, fixed-width, optionally styled with blessed tags. Pure. */

/**
 * Text from the system (addresses, host names, error messages) made safe for a tagged blessed
 * box: control characters and non-ASCII become '?', so one character is one cell; braces are
 * escaped later by `tag`/`plain`.
 */
export function clean(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** Pads or cuts to exactly `w` cells; cut text ends in '~'. Right-aligned when `right`. */
export function fit(s: string, w: number, right = false): string {
  if (w <= 0) return '';
  if (s.length > w) return w === 1 ? '~' : `${s.slice(0, w - 1)}~`;
  return right ? s.padStart(w) : s.padEnd(w);
}

/** Like fit, but cuts the middle: for addresses, whose start and port both matter. */
export function fitMiddle(s: string, w: number): string {
  if (s.length <= w) return s.padEnd(w);
  if (w < 5) return fit(s, w);
  const tail = Math.floor((w - 1) / 2);
  return `${s.slice(0, w - 1 - tail)}~${s.slice(s.length - tail)}`;
}

/** Braces would be read as blessed tags. */
export function escapeTags(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

export type Tone = 'title' | 'focus' | 'ok' | 'warning' | 'critical' | 'accent' | 'dim';

/** How tones look: with colour, or monochrome (NO_COLOR, --no-color) with bold and inverse only. */
export interface Theme {
  color: boolean;
  ascii: boolean;
}

const COLOR: Record<Tone, [string, string]> = {
  title: ['{bold}', '{/bold}'],
  focus: ['{inverse}', '{/inverse}'],
  ok: ['{green-fg}', '{/green-fg}'],
  warning: ['{yellow-fg}{bold}', '{/bold}{/yellow-fg}'],
  critical: ['{red-fg}{bold}', '{/bold}{/red-fg}'],
  accent: ['{cyan-fg}', '{/cyan-fg}'],
  dim: ['', ''],
};

const MONO: Record<Tone, [string, string]> = {
  title: ['{bold}', '{/bold}'],
  focus: ['{inverse}', '{/inverse}'],
  ok: ['', ''],
  warning: ['{bold}', '{/bold}'],
  critical: ['{inverse}{bold}', '{/bold}{/inverse}'],
  accent: ['', ''],
  dim: ['', ''],
};

/** Already-fitted text in a tone. */
export function tag(t: Theme, tone: Tone | undefined, s: string): string {
  const e = escapeTags(s);
  if (!tone || s === '') return e;
  const [open, close] = (t.color ? COLOR : MONO)[tone];
  return `${open}${e}${close}`;
}
