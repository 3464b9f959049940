/** Text sparklines: one cell per sample, newest at the right, a failed tick as a blank cell. */

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
// ASCII ramp for LANG=C terminals and --ascii; the blank is kept for gaps
const ASCII = ['_', '.', ',', '-', '=', '+', '*', '#'];

/**
 * The newest `width` values as a sparkline, scaled from 0 to the largest visible value so
 * heights compare counts truthfully. NaN (a gap) is a blank; missing history pads the left.
 * blessed-contrib's sparkline plots the oldest points and has no gaps, hence this one.
 */
export function sparkline(values: readonly number[], width: number, ascii = false): string {
  if (width <= 0) return '';
  const ramp = ascii ? ASCII : BLOCKS;
  const tail = values.slice(Math.max(0, values.length - width));
  let max = 0;
  for (const v of tail) if (Number.isFinite(v) && v > max) max = v;
  let out = ' '.repeat(width - tail.length);
  for (const v of tail) {
    if (!Number.isFinite(v)) out += ' ';
    else if (max === 0) out += ramp[0];
    else if (v <= 0) out += ramp[0];
    // any non-zero value stands above zero, however small next to the peak
    else out += ramp[Math.max(1, Math.round((v / max) * (ramp.length - 1)))];
  }
  return out;
}
