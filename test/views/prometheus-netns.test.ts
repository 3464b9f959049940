import { describe, expect, it } from 'vitest';
import { NetnsJudges } from '../../src/monitor/netns-judges.js';
import { netnsMetricName } from '../../src/netns-label.js';
import { sumSamples } from '../../src/netns-sum.js';
import { defaultRulesConfig } from '../../src/rules/config.js';
import { sampleLinux } from '../../src/source/linux.js';
import type { JudgedNetns, NetnsEntry } from '../../src/types.js';
import { renderNetnsMetrics } from '../../src/views/prometheus-netns.js';
import { parsePromText, promValue } from '../helpers/prom-text.js';
import { sample, twSample } from '../helpers/synthetic.js';

const PROC = new URL('../../fixtures/linux/states/proc', import.meta.url).pathname;

/** A namespace with `n` ESTABLISHED and `tw` TIME_WAIT sockets. */
function loaded(inode: number, name: string | undefined, n: number, tw = 0, time = 1000): NetnsEntry {
  const s = twSample(time, tw);
  s.states.ESTABLISHED = n;
  s.sockstat = { ...s.sockstat, inuse: n, orphan: 5, alloc: 40 };
  s.counters.Tcp = { ActiveOpens: n, MaxConn: -1 };
  return { netns: { inode, ...(name !== undefined ? { name } : {}) }, sample: s };
}

const judged = (entries: NetnsEntry[]): JudgedNetns[] => new NetnsJudges(defaultRulesConfig(), 10).judge(entries);
const render = (entries: JudgedNetns[], topNetns: number) => parsePromText(renderNetnsMetrics({ entries, topNetns, top: 10, ageSeconds: 0.5, sources: [{ source: 'sock_diag', success: true, durationSeconds: 0.1 }] }));
const labels = (m: ReturnType<typeof render>, f: string) => (m.get(f)?.samples ?? []).map((s) => s.labels.netns);

describe('netnsMetricName: a label that stays while the namespace lives', () => {
  it.each([
    [{ inode: 1, name: 'blue', pod: { uid: 'u1', name: 'default/web' } }, 'blue'],
    [{ inode: 1, pod: { uid: 'u1', name: 'default/web' }, container: { runtime: 'containerd' as const, id: 'abcdef012345' } }, 'default/web'],
    [{ inode: 1, pod: { uid: '1f2e' } }, 'pod:1f2e'],
    [{ inode: 1, container: { runtime: 'docker' as const, id: 'abcdef012345' }, pids: [{ pid: 9, command: 'nginx' }] }, 'docker:abcdef012345'],
    [{ inode: 1, sameAsReader: true, pids: [{ pid: 1 }] }, 'host'],
    [{ inode: 4026532000, pids: [{ pid: 77, command: 'sleep' }] }, 'inode:4026532000'],
  ])('%j -> %s', (info, want) => expect(netnsMetricName(info)).toBe(want));
});

describe('sumSamples: the namespaces past --top-netns as one', () => {
  it('sums counts, keeps the global sockstat counts once, and leaves limits out', () => {
    const samples = [loaded(1, 'a', 10, 2), loaded(2, 'b', 5, 1, 900)].map((e) => ('sample' in e ? e.sample : sample(0)));
    const s = sumSamples(samples);
    expect(s?.states.ESTABLISHED).toBe(15);
    expect(s?.states.TIME_WAIT).toBe(3);
    expect(s?.sockstat).toEqual({ inuse: 15, tw: 3, orphan: 5, alloc: 40 });
    expect(s?.counters.Tcp).toEqual({ ActiveOpens: 15, MaxConn: -1 });
    expect(s?.limits).toEqual({});
    expect(s?.time).toBe(900);
    expect(sumSamples([])).toBeUndefined();
  });
});

describe('NetnsJudges: each namespace over its own history', () => {
  it("confirms a level over that namespace's samples only, and forgets one that vanished", () => {
    const j = new NetnsJudges(defaultRulesConfig(), 10);
    const full = (t: number) => ({ netns: { inode: 1 }, sample: twSample(t, 1000) });
    const calm = (t: number) => ({ netns: { inode: 2 }, sample: twSample(t, 1) });
    const alertsOf = (r: JudgedNetns[], inode: number) => {
      const e = r.find((x) => x.netns.inode === inode);
      return e && 'alerts' in e ? e.alerts.map((a) => `${a.rule} ${a.level}`) : undefined;
    };
    j.judge([full(1000), calm(1000)]);
    const second = j.judge([full(3000), calm(3000)]);
    expect(alertsOf(second, 1)).toEqual(['tw_buckets critical']);
    expect(alertsOf(second, 2)).toEqual([]);
    expect(j.size).toBe(2);
    // it went away and came back (a new namespace may reuse the inode): judged afresh, unconfirmed
    j.judge([calm(5000)]);
    expect(j.size).toBe(1);
    expect(alertsOf(j.judge([full(7000), calm(7000)]), 1)).toEqual([]);
  });
});

describe('renderNetnsMetrics', () => {
  it('labels the busiest one by one, sums the rest under other, and says which could not be read', () => {
    const entries = judged([loaded(3, 'small', 1, 1), loaded(1, 'big', 50), loaded(2, 'mid', 20, 4), { netns: { inode: 9, name: 'locked' }, error: 'cannot enter it: Operation not permitted' }]);
    const m = render(entries, 2);
    expect(labels(m, 'tcpwatch_netns_up')).toEqual(['big', 'mid', 'locked']);
    expect(promValue(m, 'tcpwatch_netns_up', { netns: 'locked' })).toBe(0);
    // never zeros under the unreadable one's name
    expect(labels(m, 'node_tcp_connection_states')).not.toContain('locked');
    expect(promValue(m, 'node_tcp_connection_states', { netns: 'big', state: 'established' })).toBe(50);
    expect(promValue(m, 'node_tcp_connection_states', { netns: 'other', state: 'established' })).toBe(1);
    expect(promValue(m, 'node_sockstat_TCP_orphan', { netns: 'other' })).toBe(5);
    expect(labels(m, 'node_sysctl_net_ipv4_tcp_max_tw_buckets')).toEqual(['big', 'mid']);
    expect(labels(m, 'tcpwatch_limit')).not.toContain('other');
    expect(promValue(m, 'tcpwatch_netns_summed')).toBe(1);
    expect(promValue(m, 'tcpwatch_netns_found', { readable: 'true' })).toBe(3);
    expect(promValue(m, 'tcpwatch_netns_found', { readable: 'false' })).toBe(1);
    expect(labels(m, 'tcpwatch_scrape_success')).toEqual([undefined]);
    expect(labels(m, 'tcpwatch_sample_age_seconds')).toEqual([undefined]);
  });

  it('the alert level of other is the worst of those summed', () => {
    const j = new NetnsJudges(defaultRulesConfig(), 10);
    const round = (t: number) => [loaded(1, 'big', 5000, 0, t), loaded(2, 'full', 1, 1000, t), loaded(3, 'calm', 2, 0, t)];
    j.judge(round(1000));
    const m = render(j.judge(round(3000)), 1);
    expect(promValue(m, 'tcpwatch_alert_level', { netns: 'big', rule: 'tw_buckets' })).toBe(0);
    expect(promValue(m, 'tcpwatch_alert_level', { netns: 'other', rule: 'tw_buckets' })).toBe(2);
  });

  it('keeps two namespaces of one name apart, and never lets one be taken for other', () => {
    const m = render(judged([loaded(1, 'twin', 3), loaded(2, 'twin', 2), loaded(3, 'other', 1)]), 10);
    expect(labels(m, 'tcpwatch_netns_up').sort()).toEqual(['other inode:3', 'twin inode:1', 'twin inode:2']);
  });

  it('the real capture under a netns label carries the same values as serve without it', async () => {
    const s = await sampleLinux({ procRoot: PROC });
    const m = render(judged([{ netns: { inode: 5, sameAsReader: true }, sample: s }]), 10);
    expect(promValue(m, 'node_tcp_connection_states', { netns: 'host', state: 'time_wait' })).toBe(s.states.TIME_WAIT);
    expect(promValue(m, 'node_sockstat_TCP_tw', { netns: 'host' })).toBe(s.sockstat.tw);
  });
});
