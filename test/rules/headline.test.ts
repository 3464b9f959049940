import { describe, expect, it } from 'vitest';
import { History } from '../../src/history.js';
import { CATALOGUE, FIX_WIDTH, RULE_NAMES } from '../../src/rules/catalogue.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { AlertEngine } from '../../src/rules/engine.js';
import { headline, oneLineFix } from '../../src/rules/headline.js';
import type { Alert, Sample } from '../../src/types.js';
import { sample, twSample } from '../helpers/synthetic.js';

/** The alerts the engine raises over these samples, with one sample confirming a level. */
function alertsOf(...samples: Sample[]): Alert[] {
  const engine = new AlertEngine({ ...defaultRulesConfig(), samples: 1 });
  const h = new History(8);
  let active: Alert[] = [];
  for (const s of samples) {
    h.push(s);
    active = engine.update(h).active;
  }
  return active;
}

describe('an alert in a few words, its number first', () => {
  it('port_exhaustion: share, used/usable, then the destination (or host-wide)', () => {
    const dest = { local: '127.0.0.1', remote: '127.0.0.1', remotePort: 20000, portsInUse: 480, states: { TIME_WAIT: 470, ESTABLISHED: 10 } };
    const s = sample(0, { limits: { ...sample(0).limits, ephemeral_ports: 500 }, destinations: [dest], destinationCount: 1, portsInUseHost: 480 });
    const [a] = alertsOf(s);
    expect(a?.subject).toBe('127.0.0.1 -> 127.0.0.1:20000');
    expect(headline(a as Alert)).toBe('ports 96% (480/500) -> 127.0.0.1:20000');
    // IPv6 keeps its brackets; only a full range reads 100 %
    expect(headline({ rule: 'port_exhaustion', value: 499, limit: 500, subject: '::1 -> [::1]:443' })).toBe('ports 99% (499/500) -> [::1]:443');
    expect(headline({ rule: 'port_exhaustion', value: 28_232, limit: 28_232, subject: 'all destinations' })).toBe('ports 100% (28,232/28,232) host-wide');
  });

  it('tw_buckets: the share of the limit, and an overflow by its counter', () => {
    const alerts = alertsOf(twSample(0, 960, 0), twSample(2000, 1000, 7));
    // both critical: the fuller one (value / limit) first
    expect(alerts.map(headline)).toEqual(['TIME_WAIT 100% (1,000/1,000 tw_buckets)', 'TCPTimeWaitOverflow +7: TIME_WAIT skipped']);
  });

  it('every other rule leads with its number', () => {
    expect(headline({ rule: 'close_wait_leak', value: 1234, limit: 1000 })).toBe('CLOSE_WAIT 1,234 (threshold 1,000)');
    expect(headline({ rule: 'listen_overflow', value: 12, limit: 10 })).toBe('listen drops +12: accept queue full');
    expect(headline({ rule: 'syn_flood', value: 1229, limit: 2048 })).toBe('SYN_RECV 60% (1,229/2,048 syn_backlog)');
    expect(headline({ rule: 'syn_flood', value: 5, limit: 0, subject: 'TCPReqQFullDrop' })).toBe('TCPReqQFullDrop +5');
    expect(headline({ rule: 'orphans', value: 39_321, limit: 131_072 })).toBe('orphans 29% (39,321/131,072)');
    expect(headline({ rule: 'conntrack', value: 251_658, limit: 262_144 })).toBe('conntrack 95% (251,658/262,144)');
  });
});

describe('the one-line fix', () => {
  it('every rule has one that fits 80 columns after "fix: ", and it is no copy of the full remedy', () => {
    for (const r of RULE_NAMES) {
      expect(CATALOGUE[r].fix.length, r).toBeLessThanOrEqual(FIX_WIDTH);
      expect(CATALOGUE[r].fix.length, r).toBeGreaterThan(20);
      expect(CATALOGUE[r].remedy(), r).not.toBe(CATALOGUE[r].fix);
    }
  });

  it("a finding's own fix wins over its rule's", () => {
    expect(oneLineFix({ rule: 'port_exhaustion' })).toBe(CATALOGUE.port_exhaustion.fix);
    expect(oneLineFix({ rule: 'port_exhaustion', fix: 'nginx: keepalive 32; in the upstream block' })).toBe('nginx: keepalive 32; in the upstream block');
  });

  it("the engine carries a finding's fix onto its alert", () => {
    const engine = new AlertEngine({ ...defaultRulesConfig(), samples: 1 }, [() => [{ rule: 'orphans', level: 'warning', value: 1, limit: 2, message: 'm', remedy: 'r', fix: 'f' }]]);
    const h = new History(2);
    h.push(sample(0));
    expect(engine.update(h).active[0]?.fix).toBe('f');
  });
});
