/** Small text formatting helpers shared by the rules, the advisor and the text views. */

/** 28232 -> "28,232", independent of the user's locale so output is stable. */
export function thousands(n: number): string {
  const s = Math.round(Math.abs(n)).toString();
  const withSep = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${withSep}` : withSep;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '-';
  return `${((100 * part) / whole).toFixed(1)}%`;
}

export type Align = 'left' | 'right';

/** Lays out rows as columns padded to the widest cell; a header row, then the rest. */
export function columns(rows: string[][], align: Align[], gap = 2): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return align[i] === 'right' ? c.padStart(w) : i === r.length - 1 ? c : c.padEnd(w);
      })
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

/** ISO time without milliseconds: `2026-11-23 10:00:00Z`. */
export function shortTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}
