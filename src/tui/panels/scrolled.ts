/** What scrollable panels share: the first row shown, kept in range. */

/** A scrollable panel's text and the first row it shows (after clamping). */
export interface Scrolled {
  text: string;
  first: number;
}

/** First row of a scrolled list, kept so the last page stays full. */
export function clampScroll(offset: number, total: number, visible: number): number {
  return Math.max(0, Math.min(offset, total - visible));
}
