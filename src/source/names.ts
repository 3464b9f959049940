/** Where samples come from: this machine's kind, or one named with --source. */
export const SOURCE_NAMES = ['auto', 'linux', 'windows', 'darwin'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
