/**
 * Wraps lines to `width` columns at spaces; a continuation keeps the line's indent plus two, so a
 * wrapped paragraph stays visibly one item. Words longer than the width are left whole.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
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
