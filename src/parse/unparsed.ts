import type { Unparsed, UnparsedKind } from '../types.js';

/** How many unparsed lines keep their text as examples; the rest are only counted. */
export const UNPARSED_EXAMPLES = 5;
/** Longest example text kept, so a binary blob cannot flood a report. */
const EXAMPLE_CHARS = 160;

export function emptyUnparsed(): Unparsed {
  return { count: 0, examples: [] };
}

/** Counts one unparsed line; control characters in the example are made visible. */
export function recordUnparsed(u: Unparsed, line: number, kind: UnparsedKind, text: string): void {
  u.count++;
  if (u.examples.length < UNPARSED_EXAMPLES) {
    // eslint-disable-next-line no-control-regex -- control characters are what it replaces
    const safe = text.slice(0, EXAMPLE_CHARS).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
    u.examples.push({ line, kind, text: safe });
  }
}

export function mergeUnparsed(into: Unparsed, from: Unparsed): void {
  into.count += from.count;
  for (const e of from.examples) {
    if (into.examples.length >= UNPARSED_EXAMPLES) break;
    into.examples.push(e);
  }
}
