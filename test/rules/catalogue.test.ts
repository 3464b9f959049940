import { describe, expect, it } from 'vitest';
import { History } from '../../src/history.js';
import { CATALOGUE, hostPortsRemedy, RULE_NAMES, TW_OVERFLOW_REMEDY } from '../../src/rules/catalogue.js';
import { CONFIG_KEYS, defaultRulesConfig } from '../../src/rules/config.js';
import { AlertEngine } from '../../src/rules/engine.js';
import { RULES } from '../../src/rules/index.js';
import { promAlertRules } from '../../src/views/prometheus-rules.js';
import { sample } from '../helpers/synthetic.js';

describe('the rule catalogue', () => {
  it('names every rule the engine runs, in one order', () => {
    expect(RULE_NAMES).toEqual(['tw_buckets', 'port_exhaustion', 'close_wait_leak', 'listen_overflow', 'syn_flood', 'orphans', 'conntrack']);
    expect(Object.keys(RULES)).toEqual(RULE_NAMES);
    expect(Object.keys(defaultRulesConfig())).toEqual(['samples', 'hysteresis', 'prometheus_interval', ...RULE_NAMES]);
    expect(CONFIG_KEYS.filter((k) => k.includes('.') && !k.startsWith('prometheus.')).map((k) => k.split('.')[0])).toEqual(RULE_NAMES.flatMap((r) => Object.keys(CATALOGUE[r].settings).map(() => r)));
  });

  it('gives the Prometheus rules the same fix the built-in rules give, without the values in force', () => {
    const prom = promAlertRules();
    expect(prom.length).toBeGreaterThan(RULE_NAMES.length);
    const own = { TcpwatchTimeWaitOverflow: TW_OVERFLOW_REMEDY, TcpwatchEphemeralPortsHostWarning: hostPortsRemedy(), TcpwatchEphemeralPortsHostCritical: hostPortsRemedy() } as Record<string, string>;
    for (const r of prom) expect(r.remedy, r.alert).toBe(own[r.alert] ?? CATALOGUE[r.rule].remedy());
    for (const name of RULE_NAMES) expect(CATALOGUE[name].remedy(), name).not.toMatch(/\(now |unknown/);
  });

  it('a built-in finding shows the values in force in that same wording', () => {
    const s = sample(0, { limits: { tcp_max_syn_backlog: 100, tcp_syncookies: 1, somaxconn: 4096 } });
    s.states.SYN_RECV = 95;
    const h = new History(4);
    h.push(s);
    const alert = new AlertEngine({ ...defaultRulesConfig(), samples: 1 }).update(h).active.find((a) => a.rule === 'syn_flood');
    expect(alert?.remedy).toBe(CATALOGUE.syn_flood.remedy({ syncookies: 1, backlog: 100 }));
    expect(alert?.remedy).toContain('keep net.ipv4.tcp_syncookies=1 (now 1), raise net.ipv4.tcp_max_syn_backlog (now 100) and the listen() backlog');
  });
});
