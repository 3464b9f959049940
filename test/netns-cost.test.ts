import { describe, expect, it } from 'vitest';
import { sharedHashAdvice, SHARED_HASH_WALK } from '../src/netns-cost.js';
import type { JudgedNetns } from '../src/types.js';
import { sample } from './helpers/synthetic.js';

/** A namespace of `sockets` ESTABLISHED whose tcp_ehash_entries is `ehash` (negative: the host's, shared). */
function ns(inode: number, sockets: number, ehash: number | undefined): JudgedNetns {
  const s = sample(0);
  s.states.ESTABLISHED = sockets;
  if (ehash !== undefined) s.limits.tcp_ehash_entries = ehash;
  return { netns: { inode }, sample: s, alerts: [] };
}

describe('sharedHashAdvice: when --all-netns pays for the host-wide hash', () => {
  it('100 namespaces of 1,000 sharing the host hash: each dump walks all 100,000', () => {
    const shared = Array.from({ length: 100 }, (_, i) => ns(10 + i, 1000, -262144));
    const advice = sharedHashAdvice([ns(1, 500, 262144), ...shared]);
    expect(advice).toMatch(/^advice: 100 namespaces share the host's TCP hash \(net\.ipv4\.tcp_ehash_entries -262144\) holding 100500 sockets/);
    expect(advice).toContain('sysctl -w net.ipv4.tcp_child_ehash_entries=N');
  });

  it('says nothing when the namespaces own their hash, when the walk is small, or on kernels without the sysctl', () => {
    expect(sharedHashAdvice([ns(1, 500, 262144), ...Array.from({ length: 100 }, (_, i) => ns(10 + i, 1000, 2048))])).toBeUndefined();
    const few = Math.floor(Math.sqrt(SHARED_HASH_WALK)) - 10;
    expect(sharedHashAdvice([ns(1, 0, 262144), ns(2, few, -262144), ns(3, 0, -262144)])).toBeUndefined();
    expect(sharedHashAdvice(Array.from({ length: 100 }, (_, i) => ns(10 + i, 1000, undefined)))).toBeUndefined();
    expect(sharedHashAdvice([{ netns: { inode: 3 }, error: 'cannot enter it' }])).toBeUndefined();
  });
});
