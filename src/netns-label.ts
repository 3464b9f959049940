import type { NetnsInfo } from './types.js';

/** How messages and headers name a namespace read with --pid or --netns. */
export function netnsLabel(n: NetnsInfo): string {
  if (n.name !== undefined) return `netns ${n.name}`;
  if (n.path !== undefined) return `netns ${n.path}`;
  return `netns of pid ${n.pid}${n.command !== undefined ? ` (${n.command})` : ''}`;
}
