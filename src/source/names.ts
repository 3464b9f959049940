/** Where samples come from: this machine's kind, or one named with --source. */
export const SOURCE_NAMES = ['auto', 'linux', 'windows', 'darwin'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** The concrete source `auto` stands for on a platform; BSDs print netstat the macOS way. */
export function resolveSource(name: SourceName, platform: NodeJS.Platform, procRoot?: string): Exclude<SourceName, 'auto'> {
  if (name !== 'auto') return name;
  if (procRoot !== undefined) return 'linux';
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') return 'darwin';
  return 'linux';
}
