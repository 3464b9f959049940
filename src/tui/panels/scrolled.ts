/** What scrollable panels share: the first row shown, kept in range, and word wrapping. */

/** A scrollable panel's text and the first row it shows (after clamping). */
export interface Scrolled {
  text: string;
  first: number;
}

/** First row of a scrolled list, kept so the last page stays full. */
export function clampScroll(offset: number, total: number, visible: number): number {
  return Math.max(0, Math.min(offset, total - visible));
}

/** Words wrapped to `width`; long words are cut. A line that fits is kept as it is (a table's columns stay aligned). */
export function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word.slice(0, width);
  }
  if (line || out.length === 0) out.push(line);
  return out;
}
