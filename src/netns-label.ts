import type { NetnsInfo } from './types.js';

/** How messages and headers name a namespace read with --pid or --netns. */
export function netnsLabel(n: NetnsInfo): string {
  if (n.name !== undefined) return `netns ${n.name}`;
  if (n.path !== undefined) return `netns ${n.path}`;
  if (n.pid !== undefined) return `netns of pid ${n.pid}${n.command !== undefined ? ` (${n.command})` : ''}`;
  return `netns ${netnsShortName(n)}`;
}

/** The short name of a namespace in the --all-netns list: its ip-netns name, the host's own, else its first process. */
export function netnsShortName(n: NetnsInfo): string {
  if (n.name !== undefined) return n.name;
  if (n.sameAsReader === true) return 'host';
  if (n.path !== undefined) return n.path;
  const first = n.pids?.[0];
  if (first) return `pid ${first.pid}${first.command !== undefined ? ` (${first.command})` : ''}`;
  return `inode ${n.inode ?? '?'}`;
}

/** The container column: runtime and id, or the machine's name. */
export function containerText(n: NetnsInfo): string {
  return n.container ? `${n.container.runtime} ${n.container.id}` : '';
}

/** The pod column: namespace/name where the node shows it, else its UID. */
export function podText(n: NetnsInfo): string {
  return n.pod ? (n.pod.name ?? `uid ${n.pod.uid}`) : '';
}
