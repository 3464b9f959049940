import { socketCount } from './netns-sum.js';
import type { JudgedNetns } from './types.js';

/**
 * Sockets walked by one --all-netns sample above which the shared hash is worth a word: a dump
 * walks every socket of the hash its namespace uses, ~0.6 us of CPU each here (bench/RESULTS.md
 * "--all-netns"), so a million is about half a second per sample.
 */
export const SHARED_HASH_WALK = 1_000_000;

/**
 * The advice line of --all-netns when namespaces share the host's TCP hash (their
 * net.ipv4.tcp_ehash_entries is negative, Linux 6.1+) and it holds many sockets: each of their
 * dumps walks all of them, so the sample costs (namespaces x the hash's sockets), not the sum of
 * their own. A namespace made after net.ipv4.tcp_child_ehash_entries is set owns its hash; its
 * tcp_max_tw_buckets default is then half that size (as the host's is of its own).
 */
export function sharedHashAdvice(entries: readonly JudgedNetns[]): string | undefined {
  const read = entries.filter((e): e is Extract<JudgedNetns, { sample: unknown }> => 'sample' in e);
  // the host's hash: the namespaces that say they share it, and the one that owns it (init_net, whose value is its size)
  const sharing = read.filter((e) => (e.sample.limits.tcp_ehash_entries ?? 0) < 0);
  if (sharing.length < 2) return undefined;
  const size = -(sharing[0]?.sample.limits.tcp_ehash_entries ?? 0);
  const owner = read.filter((e) => e.sample.limits.tcp_ehash_entries === size);
  const inHash = [...sharing, ...owner].reduce((n, e) => n + socketCount(e.sample), 0);
  if (sharing.length * inHash < SHARED_HASH_WALK) return undefined;
  return (
    `advice: ${sharing.length} namespaces share the host's TCP hash (net.ipv4.tcp_ehash_entries -${size}) holding ${inHash} sockets, ` +
    `and each one's dump walks all of them; namespaces created after sysctl -w net.ipv4.tcp_child_ehash_entries=N ` +
    `(Linux 6.1+, a power of 2 above twice a namespace's sockets; its tcp_max_tw_buckets default becomes N/2) own their hash and cost only their own sockets`
  );
}
