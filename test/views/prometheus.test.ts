import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_NAMES } from '../../src/rules/catalogue.js';
import { sampleLinux } from '../../src/source/linux.js';
import type { Alert } from '../../src/types.js';
import { renderMetrics } from '../../src/views/prometheus.js';
import { expectGolden } from '../helpers/golden.js';
import { parsePromText, promValue } from '../helpers/prom-text.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;
const T0 = Date.parse('2026-11-23T10:00:00Z');

async function fixtureMetrics(alerts: Alert[] = []) {
  const sample = await sampleLinux({ procRoot: PROC, now: () => T0 });
  return renderMetrics({ sample, alerts, ageSeconds: 1.5, sources: [{ source: 'procfs', success: true, durationSeconds: 0.25 }], top: 10 });
}

describe('renderMetrics over the real capture (fixtures/linux/states)', () => {
  it('matches the golden exposition (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const text = await fixtureMetrics();
    expectGolden('metrics-states.txt', text);
  });

  it('says how old the per-state counts are when the CPU budget carried them over', async () => {
    const sample = { ...(await sampleLinux({ procRoot: PROC, now: () => T0 })), breakdownTime: T0 - 4000 };
    const m = parsePromText(renderMetrics({ sample, alerts: [], ageSeconds: 0, sources: [], top: 10 }));
    expect(promValue(m, 'tcpwatch_breakdown_age_seconds')).toBe(4);
  });

  it('parses line by line and carries the counts of the capture under node_exporter names', async () => {
    const m = parsePromText(await fixtureMetrics());
    // ss-tan.txt of the same capture: 13 ESTAB, 6 TIME-WAIT, 3 CLOSE-WAIT, 8 LISTEN
    expect(promValue(m, 'node_tcp_connection_states', { state: 'established' })).toBe(13);
    expect(promValue(m, 'node_tcp_connection_states', { state: 'time_wait' })).toBe(6);
    expect(promValue(m, 'node_tcp_connection_states', { state: 'close_wait' })).toBe(3);
    expect(promValue(m, 'node_tcp_connection_states', { state: 'listen' })).toBe(8);
    const sockstat = readFileSync(`${PROC}/net/sockstat`, 'utf8');
    const tw = Number(/TCP: .*\btw (\d+)/.exec(sockstat)?.[1]);
    expect(promValue(m, 'node_sockstat_TCP_tw')).toBe(tw);
    expect(promValue(m, 'node_sysctl_net_ipv4_tcp_max_tw_buckets')).toBe(Number(readFileSync(`${PROC}/sys/net/ipv4/tcp_max_tw_buckets`, 'utf8')));
    expect(m.get('node_netstat_Tcp_CurrEstab')?.help).toBe('Statistic TcpCurrEstab.');
    expect(m.get('node_netstat_Tcp_CurrEstab')?.type).toBe('untyped');
    expect(m.get('node_sockstat_TCP_tw')?.help).toBe('Number of TCP sockets in state tw.');
    expect(m.get('node_tcp_connection_states')?.help).toBe('Number of connection states.');
    // per family: IPv4 plus IPv6 is the total for every state
    const all = m.get('node_tcp_connection_states')?.samples ?? [];
    const states = all.filter((x) => !String(x.labels.state).endsWith('_queued_bytes'));
    expect(states).toHaveLength(11);
    // node_exporter's tcpstat: the tx_queue:rx_queue column summed over both tables (a listener's is 0:backlog)
    const rows = ['tcp', 'tcp6'].flatMap((f) => readFileSync(`${PROC}/net/${f}`, 'utf8').trim().split('\n').slice(1));
    const queue = (i: number) => rows.reduce((n, r) => n + parseInt((r.trim().split(/\s+/)[4] ?? '').split(':')[i] ?? '', 16), 0);
    expect(queue(0)).toBeGreaterThan(0);
    expect(promValue(m, 'node_tcp_connection_states', { state: 'tx_queued_bytes' })).toBe(queue(0));
    expect(promValue(m, 'node_tcp_connection_states', { state: 'rx_queued_bytes' })).toBe(queue(1));
    expect(all).toHaveLength(13);
    for (const s of states) {
      const v4 = promValue(m, 'tcpwatch_connection_states', { family: 'ipv4', state: s.labels.state as string });
      const v6 = promValue(m, 'tcpwatch_connection_states', { family: 'ipv6', state: s.labels.state as string });
      expect((v4 ?? NaN) + (v6 ?? NaN)).toBe(s.value);
    }
    // absent limits are absent series, never zeros (no conntrack in the capture's namespace)
    expect(m.has('node_nf_conntrack_entries')).toBe(false);
    expect(promValue(m, 'tcpwatch_destination_ports_in_use', { local: '127.0.0.1', remote: '127.0.0.1:8080' })).toBe(7);
  });

  it('exports each rule at its worst level, and every rule even when quiet', async () => {
    const alert = (rule: Alert['rule'], level: Alert['level']): Alert => ({ rule, level, value: 1, limit: 1, since: T0, message: 'm', remedy: 'r' });
    const m = parsePromText(await fixtureMetrics([alert('port_exhaustion', 'warning'), alert('port_exhaustion', 'critical'), alert('tw_buckets', 'warning')]));
    expect(promValue(m, 'tcpwatch_alert_level', { rule: 'port_exhaustion' })).toBe(2);
    expect(promValue(m, 'tcpwatch_alert_level', { rule: 'tw_buckets' })).toBe(1);
    expect(promValue(m, 'tcpwatch_alert_level', { rule: 'conntrack' })).toBe(0);
    expect(m.get('tcpwatch_alert_level')?.samples.length).toBe(RULE_NAMES.length);
  });

  it('bounds destinations to the top N and escapes label values', async () => {
    const sample = await sampleLinux({ procRoot: PROC, now: () => T0 });
    const many = Array.from({ length: 50 }, (_, i) => ({ local: `a"b\\c\n${i}`, remote: '10.0.0.1', remotePort: i + 1, portsInUse: 50 - i, states: {} }));
    const text = renderMetrics({ sample: { ...sample, destinations: many, destinationCount: 50 }, alerts: [], ageSeconds: 0, sources: [], top: 5 });
    const m = parsePromText(text);
    expect(m.get('tcpwatch_destination_ports_in_use')?.samples.map((s) => s.labels.local)).toEqual([0, 1, 2, 3, 4].map((i) => `a"b\\c\n${i}`));
    expect(promValue(m, 'tcpwatch_destinations')).toBe(50);
  });

  it('without any sample serves only how the source did', () => {
    const m = parsePromText(renderMetrics({ sample: undefined, alerts: [], ageSeconds: undefined, sources: [{ source: 'procfs', success: false, durationSeconds: 0.1 }], top: 10 }));
    expect([...m.keys()].sort()).toEqual(['tcpwatch_scrape_duration_seconds', 'tcpwatch_scrape_success']);
    expect(promValue(m, 'tcpwatch_scrape_success', { source: 'procfs' })).toBe(0);
  });
});
