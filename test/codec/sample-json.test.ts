import { beforeAll, describe, expect, it } from 'vitest';
import { alertToJson, gapToJson, jsonToAlert, jsonToEntry, jsonToSample, sampleToJson } from '../../src/codec/sample-json.js';
import { SampleJsonError } from '../../src/errors.js';
import { History } from '../../src/history.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { AlertEngine } from '../../src/rules/engine.js';
import { sampleLinux } from '../../src/source/linux.js';
import type { Alert, Sample } from '../../src/types.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
let fixture: Sample;
/** Alerts the engine raised on real captures: every rule that fires on them, with subjects and a previous level. */
let alerts: Alert[];
beforeAll(async () => {
  fixture = await sampleLinux({ procRoot: 'fixtures/linux/states/proc', now: () => T0 });
  alerts = [];
  for (const name of ['alerts-tw', 'alerts-ports', 'alerts-close-wait']) {
    const h = new History(4);
    h.push(await sampleLinux({ procRoot: `fixtures/linux/${name}/proc`, now: () => T0 }));
    alerts.push(...new AlertEngine({ ...defaultRulesConfig(), samples: 1 }).update(h).active);
  }
  const first = alerts[0] as Alert;
  alerts.push({ ...first, level: 'ok', previous: first.level });
});

const line = (s: Sample, a: Alert[] = []) => JSON.stringify(sampleToJson(s, a));

describe('a sample to JSON and back', () => {
  it('inverts sampleToJson on a real sample, with and without netns and breakdown time', () => {
    expect(jsonToSample(JSON.parse(line(fixture)))).toEqual(fixture);
    const ns: Sample = { ...fixture, netns: { pid: 42, command: 'nginx', sameAsReader: false }, breakdownTime: fixture.time - 4000 };
    expect(jsonToSample(JSON.parse(line(ns)))).toEqual(ns);
    const owned: Sample = {
      ...fixture,
      processes: {
        processes: [{ pid: 7, command: 'haproxy', states: { LISTEN: 1, CLOSE_WAIT: 3 }, listening: [443] }],
        processCount: 1,
        destinations: [{ local: '::1', remote: '::1', remotePort: 8081, owners: [{ pid: 7, command: 'haproxy', sockets: 2 }] }],
        unowned: { ESTABLISHED: 1 },
        notes: ['6 TIME_WAIT socket(s) belong to no process'],
      },
    };
    expect(jsonToSample(JSON.parse(line(owned)))).toEqual(owned);
  });

  /** the parts of a sample document these cases spoil */
  interface Doc {
    time: unknown;
    states: Record<string, unknown>;
    destinations: Record<string, unknown>[];
    limits: Record<string, unknown>;
  }
  it.each([
    ['states', (d: Doc) => delete d.states.LISTEN, 'states.LISTEN: missing'],
    ['a count', (d: Doc) => (d.states.LISTEN = '8'), 'states.LISTEN: not a number'],
    ['the time', (d: Doc) => (d.time = 'noon'), 'time: not an ISO time'],
    ['a destination', (d: Doc) => (d.destinations[0]!.remote = '127.0.0.1'), 'destinations[0].remote: not host:port'],
    ['the port range', (d: Doc) => (d.limits.ip_local_port_range = [1]), 'limits.ip_local_port_range: not [lo, hi]'],
  ])('names the field when %s is wrong', (_what, spoil, message) => {
    const doc = JSON.parse(line(fixture)) as Doc;
    spoil(doc);
    expect(() => jsonToSample(doc)).toThrow(SampleJsonError);
    expect(() => jsonToSample(doc)).toThrow(message);
  });
});

describe('alerts to JSON and back', () => {
  it('inverts alertToJson on the alerts of real captures, alone and inside a sample document', () => {
    expect(new Set(alerts.map((a) => a.rule))).toEqual(new Set(['tw_buckets', 'port_exhaustion', 'close_wait_leak']));
    expect(alerts.some((a) => a.subject !== undefined)).toBe(true);
    for (const a of alerts) expect(jsonToAlert(JSON.parse(JSON.stringify(alertToJson(a))))).toEqual(a);
    const doc = JSON.parse(line(fixture, alerts)) as { alerts: unknown[] };
    expect(doc.alerts.map((a, i) => jsonToAlert(a, `alerts[${i}]`))).toEqual(alerts);
    expect(jsonToSample(doc)).toEqual(fixture);
    // a finding's own one-line fix goes along (a replay shows the same fix as the live screen)
    const withFix = { ...(alerts[0] as Alert), fix: 'nginx: keepalive 32; in the upstream block' };
    expect(alertToJson(withFix).fix).toBe(withFix.fix);
    expect(jsonToAlert(JSON.parse(JSON.stringify(alertToJson(withFix))))).toEqual(withFix);
    expect(() => jsonToAlert({ ...alertToJson(withFix), fix: 3 })).toThrow('alert.fix');
  });

  it('names the field when a rule or a level is not one tcpwatch has', () => {
    const doc = alertToJson(alerts[0] as Alert);
    expect(() => jsonToAlert({ ...doc, rule: 'tw' })).toThrow('alert.rule: not one of tw_buckets, port_exhaustion');
    expect(() => jsonToAlert({ ...doc, level: 'high' }, 'alerts[3]')).toThrow('alerts[3].level: not one of ok, warning, critical');
  });
});

describe('a gap to JSON and back', () => {
  it('is {time, error}; a stream line is a sample or a gap', () => {
    const gap = { time: T0 + 2000, gap: true as const, error: 'cannot read the TCP table' };
    expect(gapToJson(gap)).toEqual({ time: '2026-11-23T10:00:02.000Z', error: 'cannot read the TCP table' });
    expect(jsonToEntry(JSON.parse(JSON.stringify(gapToJson(gap))))).toEqual(gap);
    expect(jsonToEntry(JSON.parse(line(fixture)))).toEqual(fixture);
    expect(() => jsonToEntry({ time: 'noon', error: 'x' })).toThrow('time: not an ISO time');
  });
});
