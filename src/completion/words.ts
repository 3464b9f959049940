import type { OptionDoc } from '../usage.js';

/**
 * A value or option name as it goes into a completion script unquoted: names only, so that no
 * shell reads anything into it. One that is not is a mistake in usage.ts, caught at build time
 * by the completion tests.
 */
export function word(w: string): string {
  if (!/^[\w.:+-]+$/.test(w)) throw new Error(`completion: ${JSON.stringify(w)} is not a plain word`);
  return w;
}

/** `-n` and `--interval`: every name an option answers to. */
export const namesOf = (o: OptionDoc): string[] => (o.short ? [o.short, o.long] : [o.long]).map(word);

/** The first line of the help, for the shells that show a description beside each candidate. */
export const summaryOf = (help: readonly string[]): string => (help[0] ?? '').replace(/[.;:,]$/, '');

/** A fixed absolute folder (NETNS_RUN_DIR) as it goes into a script unquoted, a glob after it: no character a shell reads. */
export function folder(p: string): string {
  if (!/^(\/[\w.+-]+)+$/.test(p)) throw new Error(`completion: ${JSON.stringify(p)} is not a plain folder`);
  return p;
}
