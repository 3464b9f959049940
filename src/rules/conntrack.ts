import { percent, thousands } from '../format.js';
import { levelOf, pct, type Finding, type RuleInput } from './rule.js';

/** nf_conntrack_count against nf_conntrack_max, when conntrack is loaded: when full, new packets are dropped. */
export function conntrack(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const n = s.limits.nf_conntrack_count;
  const max = s.limits.nf_conntrack_max;
  if (n === undefined || max === undefined || max <= 0) return [];
  return [
    {
      rule: 'conntrack',
      level: levelOf(pct(n, max), c.conntrack, input.was('conntrack'), c.hysteresis),
      value: n,
      limit: max,
      message: `${thousands(n)} conntrack entries of nf_conntrack_max ${thousands(max)} (${percent(n, max)}); when full the kernel logs "table full, dropping packet"`,
      remedy:
        'Raise net.netfilter.nf_conntrack_max (settable only in the host namespace) with the hash size, or exempt high-volume flows from tracking (notrack in the raw table); nf_conntrack_tcp_timeout_time_wait is conntrack\'s own timer and does not shorten TCP\'s 60 s TIME_WAIT.',
    },
  ];
}
