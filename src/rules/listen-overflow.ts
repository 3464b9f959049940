import { thousands } from '../format.js';
import { CATALOGUE } from './catalogue.js';
import { increase, levelOf, secondsText, type Finding, type RuleInput } from './rule.js';

/**
 * Accept queue full: TcpExt ListenDrops (which counts ListenOverflows too) increasing. Connections
 * were completed by the kernel but dropped because the application did not accept() in time.
 */
export function listenOverflow(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const counter = s.counters.TcpExt.ListenDrops !== undefined ? 'ListenDrops' : 'ListenOverflows';
  const inc = increase(input, (x) => x.counters.TcpExt[counter]);
  if (!inc) return [];
  const level = inc.delta > 0 ? levelOf(inc.perSecond, c.listen_overflow, input.was('listen_overflow'), c.hysteresis) : 'ok';
  return [
    {
      rule: 'listen_overflow',
      level,
      value: inc.delta,
      limit: c.listen_overflow.critical,
      message: `${counter} +${thousands(inc.delta)} in ${secondsText(inc.seconds)} (${inc.perSecond.toFixed(1)}/s): accept queue full, connections dropped`,
      remedy: CATALOGUE.listen_overflow.remedy({ somaxconn: s.limits.somaxconn }),
    },
  ];
}
