/**
 * Wraps lines to `width` columns at spaces; a continuation keeps the line's indent plus two, so a
 * wrapped paragraph stays visibly one item. Words longer than the width are left whole. Without
 * a width (into a pipe: greps see whole lines) the lines as they are.
 */
export function wrapLines(lines: readonly string[], width: number | undefined): string[] {
  if (width === undefined) return [...lines];
  const out: string[] = [];
  for (const line of lines) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    const indent = /^ */.exec(line)?.[0] ?? '';
    const more = `${indent}  `;
    let cur = indent;
    for (const word of line.slice(indent.length).split(' ')) {
      const fresh = cur === indent || cur === more;
      if (!fresh && cur.length + 1 + word.length > width) {
        out.push(cur);
        cur = more + word;
      } else cur = fresh ? cur + word : `${cur} ${word}`;
    }
    out.push(cur);
  }
  return out;
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

/** A last cell starting this close to the right edge is left to run on: a column of single words reads worse. */
const MIN_CELL_WIDTH = 16;

/**
 * Table rows wider than `width` with their last cell (left-aligned, unpadded: a note) wrapped
 * under its own start, so the columns before it stay aligned; `lastCells[i]` is row i's.
 */
export function wrapLastCell(lines: readonly string[], lastCells: readonly string[], width: number | undefined): string[] {
  if (width === undefined) return [...lines];
  return lines.flatMap((line, i) => {
    const cell = lastCells[i] ?? '';
    const start = line.length - cell.length;
    if (line.length <= width || cell === '' || !line.endsWith(cell) || width - start < MIN_CELL_WIDTH) return [line];
    const [first = '', ...rest] = wrap(cell, width - start);
    return [line.slice(0, start) + first, ...rest.map((l) => ' '.repeat(start) + l)];
  });
}
