import { percent, thousands } from '../format.js';
import { CATALOGUE } from './catalogue.js';
import { increase, levelOf, pct, secondsText, type Finding, type RuleInput } from './rule.js';
import { synUsage } from './usage.js';

/**
 * Half-open connections: SYN_RECV against tcp_max_syn_backlog (a per-listener limit, compared here
 * with the total, so an early signal), SYNs answered with cookies (the SYN queue overflowed) and
 * SYNs dropped because it was full (TCPReqQFullDrop).
 */
export function synFlood(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const out: Finding[] = [];
  const backlog = s.limits.tcp_max_syn_backlog;
  const remedy = CATALOGUE.syn_flood.remedy({ syncookies: s.limits.tcp_syncookies, backlog });
  const u = synUsage(s);
  if (u) {
    const { used: n, limit } = u;
    out.push({
      rule: 'syn_flood',
      level: levelOf(pct(n, limit), c.syn_flood, input.was('syn_flood'), c.hysteresis),
      value: n,
      limit,
      message: `${thousands(n)} SYN_RECV of tcp_max_syn_backlog ${thousands(limit)} (${percent(n, limit)})`,
      remedy,
      fromBreakdown: true,
    });
  }
  for (const [counter, level, what] of [
    ['SyncookiesSent', 'warning', 'SYN queue overflowed, answering with syncookies'],
    ['TCPReqQFullDrop', 'critical', 'SYNs dropped: SYN queue full'],
  ] as const) {
    const inc = increase(input, (x) => x.counters.TcpExt[counter]);
    if (!inc) continue;
    out.push({
      rule: 'syn_flood',
      subject: counter,
      level: inc.delta > 0 ? level : 'ok',
      value: inc.delta,
      limit: 0,
      message: `${counter} +${thousands(inc.delta)} in ${secondsText(inc.seconds)}: ${what}`,
      remedy,
    });
  }
  return out;
}
