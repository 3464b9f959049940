import type { NetnsInfo } from './types.js';

/** How messages and headers name a namespace read with --pid or --netns. */
export function netnsLabel(n: NetnsInfo): string {
  const of = n.pid !== undefined ? `pid ${n.pid}${n.command !== undefined ? ` (${n.command})` : ''}` : undefined;
  if (n.name !== undefined) return `netns ${n.name}${of !== undefined ? `, of ${of}` : ''}`;
  if (n.path !== undefined) return `netns ${n.path}`;
  if (of !== undefined) return `netns of ${of}`;
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

/**
 * A namespace's `netns` label in serve --all-netns: what stays the same from scrape to scrape
 * while the namespace lives — its ip-netns name, its pod (shared by the pod's containers, which
 * may restart), its container, the host's own, else its inode (never a pid: processes come and go).
 */
export function netnsMetricName(n: NetnsInfo): string {
  if (n.name !== undefined) return n.name;
  if (n.pod) return n.pod.name ?? `pod:${n.pod.uid}`;
  if (n.container) return `${n.container.runtime}:${n.container.id}`;
  if (n.sameAsReader === true) return 'host';
  if (n.path !== undefined) return n.path;
  return `inode:${n.inode ?? '?'}`;
}
