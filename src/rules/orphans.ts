import { percent, thousands } from '../format.js';
import { CATALOGUE } from './catalogue.js';
import { levelOf, pct, type Finding, type RuleInput } from './rule.js';
import { orphansUsage } from './usage.js';

/**
 * Orphans (sockets closed by the application, still finishing: FIN_WAIT1, LAST_ACK, CLOSING,
 * FIN_WAIT2) against tcp_max_orphans, past which the kernel resets them. Both are global, and
 * tcp_max_orphans is absent inside a network namespace: then there is nothing to compare with.
 */
export function orphans(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const u = orphansUsage(s);
  if (!u) return [];
  const { used: n, limit: max } = u;
  return [
    {
      rule: 'orphans',
      level: levelOf(pct(n, max), c.orphans, input.was('orphans'), c.hysteresis),
      value: n,
      limit: max,
      message: `${thousands(n)} orphaned sockets of tcp_max_orphans ${thousands(max)} (${percent(n, max)}); past it the kernel resets them`,
      remedy: CATALOGUE.orphans.remedy(),
    },
  ];
}
