import { percent, thousands } from '../format.js';
import { CATALOGUE, TW_OVERFLOW, TW_OVERFLOW_REMEDY } from './catalogue.js';
import { increase, levelOf, pct, secondsText, type Finding, type RuleInput } from './rule.js';
import { twUsage } from './usage.js';

/**
 * Timewait sockets (sockstat `tw`: IPv4 and IPv6, incl. orphaned FIN_WAIT2) against
 * tcp_max_tw_buckets, which limits exactly that count; and any TCPTimeWaitOverflow increase:
 * the kernel is already closing connections without TIME_WAIT.
 */
export function twBuckets(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const out: Finding[] = [];
  const max = s.limits.tcp_max_tw_buckets;
  const u = twUsage(s);
  if (u) {
    const { used: tw, limit } = u;
    const level = levelOf(pct(tw, limit), c.tw_buckets, input.was('tw_buckets'), c.hysteresis);
    out.push({
      rule: 'tw_buckets',
      level,
      value: tw,
      limit,
      message: `${thousands(tw)} timewait sockets of tcp_max_tw_buckets ${thousands(limit)} (${percent(tw, limit)}); past it the kernel skips TIME_WAIT`,
      remedy: CATALOGUE.tw_buckets.remedy(),
    });
  }
  const inc = increase(input, (x) => x.counters.TcpExt[TW_OVERFLOW]);
  if (inc) {
    out.push({
      rule: 'tw_buckets',
      subject: TW_OVERFLOW,
      level: inc.delta > 0 ? 'critical' : 'ok',
      value: inc.delta,
      limit: max ?? 0,
      // +0 is what clears the alert (and what the log says then): no "closed without TIME_WAIT" for it
      message:
        inc.delta > 0
          ? `TCPTimeWaitOverflow +${thousands(inc.delta)} in ${secondsText(inc.seconds)}: the kernel closed connections without TIME_WAIT (tcp_max_tw_buckets ${max === undefined ? 'unknown' : thousands(max)} reached)`
          : `TCPTimeWaitOverflow +0 in ${secondsText(inc.seconds)}: every connection closed since kept its TIME_WAIT`,
      remedy: TW_OVERFLOW_REMEDY,
      immediate: true,
    });
  }
  return out;
}
