import { percent, thousands } from '../format.js';
import { CATALOGUE } from './catalogue.js';
import { levelOf, pct, type Finding, type RuleInput } from './rule.js';
import { conntrackUsage } from './usage.js';

/** nf_conntrack_count against nf_conntrack_max, when conntrack is loaded: when full, new packets are dropped. */
export function conntrack(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const u = conntrackUsage(s);
  if (!u) return [];
  const { used: n, limit: max } = u;
  return [
    {
      rule: 'conntrack',
      level: levelOf(pct(n, max), c.conntrack, input.was('conntrack'), c.hysteresis),
      value: n,
      limit: max,
      message: `${thousands(n)} conntrack entries of nf_conntrack_max ${thousands(max)} (${percent(n, max)}); when full the kernel logs "table full, dropping packet"`,
      remedy: CATALOGUE.conntrack.remedy(),
    },
  ];
}
