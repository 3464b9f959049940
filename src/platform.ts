import type { SampleSource } from './types.js';

/** Which operating system a sample describes: the advice, checks and names differ per system. */
export type Platform = 'linux' | 'windows' | 'darwin';

/** From Sample.source: a live source's name, or `capture:FORMAT` for analyze. */
export function platformOf(source: SampleSource): Platform {
  const name = source.startsWith('capture:') ? source.slice('capture:'.length) : source;
  if (name === 'netstat-windows') return 'windows';
  if (name === 'netstat-darwin') return 'darwin';
  return 'linux';
}
