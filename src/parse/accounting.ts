import type { Unparsed } from '../types.js';

/**
 * What a line that is neither a socket nor unparsed can be: the one vocabulary every parser
 * counts its passed-over lines in. `detail` is a line about the socket above it (ss -i, -m).
 */
export const IGNORED_KINDS = ['blank', 'header', 'other-protocol', 'detail'] as const;
export type IgnoredKind = (typeof IGNORED_KINDS)[number];
export type Ignored = Record<IgnoredKind, number>;

export function emptyIgnored(): Ignored {
  return { blank: 0, header: 0, 'other-protocol': 0, detail: 0 };
}

/**
 * Where a parser's input went, besides its rows: how many lines (or records) it read, the
 * unparsed ones with their reasons, and the ones it passed over by kind.
 */
export interface LineAccount {
  lines: number;
  unparsed: Unparsed;
  ignored: Ignored;
}

/** Lines of the input that are none of a row, unparsed or ignored: 0 when nothing is lost. */
export function lostLines(account: LineAccount, rows: number): number {
  let ignored = 0;
  for (const k of IGNORED_KINDS) ignored += account.ignored[k];
  return account.lines - rows - account.unparsed.count - ignored;
}
