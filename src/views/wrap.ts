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
