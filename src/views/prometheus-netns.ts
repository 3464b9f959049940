import { netnsMetricName } from '../netns-label.js';
import { socketCount, sumSamples } from '../netns-sum.js';
import type { JudgedNetns, NetnsInfo } from '../types.js';
import { Families, withLabels } from './exposition.js';
import { addAlertLevels, addExporterMetrics, addSampleAge, addSampleMetrics, worstLevel, type MetricsInput } from './prometheus.js';

/** The `netns` label of the namespaces past --top-netns, summed. */
export const OTHER_NETNS = 'other';

export interface NetnsMetricsInput extends Pick<MetricsInput, 'ageSeconds' | 'sources' | 'top' | 'pageSize' | 'process' | 'build'> {
  /** the last round: every namespace judged over its own history, or why it could not be read */
  entries: readonly JudgedNetns[];
  /** namespaces exported one by one (the most sockets first); the rest are summed under netns="other" */
  topNetns: number;
}

const UP_HELP = `1: the namespace was read in the last sample; 0: it could not be (the reason is in the exporter's warnings). netns="${OTHER_NETNS}" on any series: the namespaces past --top-netns by sockets, their counts summed, limits, ratios and destinations left out, alert level the worst of theirs.`;

/**
 * Labels that stay apart: a name two namespaces share, or one that is the summed series' own,
 * gets the inode after it.
 */
function labelsOf(entries: readonly JudgedNetns[]): Map<JudgedNetns, string> {
  const count = new Map<string, number>();
  for (const e of entries) count.set(netnsMetricName(e.netns), (count.get(netnsMetricName(e.netns)) ?? 0) + 1);
  const unique = (n: NetnsInfo) => {
    const name = netnsMetricName(n);
    return (count.get(name) ?? 0) > 1 || name === OTHER_NETNS ? `${name} inode:${n.inode ?? '?'}` : name;
  };
  return new Map(entries.map((e) => [e, unique(e.netns)]));
}

const byInode = (a: JudgedNetns, b: JudgedNetns) => (a.netns.inode ?? 0) - (b.netns.inode ?? 0);

/**
 * serve --all-netns: the same families as one namespace's exposition, each per-namespace series
 * with a `netns` label, for the `topNetns` namespaces with the most sockets; the others summed
 * under netns="other" so the series count stays bounded however many pods come and go. Each
 * namespace's alert levels come from its own history. One that could not be read has only
 * tcpwatch_netns_up 0 (never zeros under its name). The exporter's own series have no netns.
 */
export function renderNetnsMetrics(input: NetnsMetricsInput): string {
  const m = new Families();
  const labels = labelsOf(input.entries);
  const readable = input.entries.filter((e): e is Extract<JudgedNetns, { sample: unknown }> => 'sample' in e);
  readable.sort((a, b) => socketCount(b.sample) - socketCount(a.sample) || byInode(a, b));
  const shown = readable.slice(0, Math.max(0, input.topNetns));
  const rest = readable.slice(shown.length);
  for (const e of shown) {
    const netns = labels.get(e) ?? '';
    const ns = withLabels(m, [['netns', netns]]);
    m.add('tcpwatch_netns_up', UP_HELP, 'gauge', 1, [['netns', netns]]);
    addSampleMetrics(ns, e.sample, input.pageSize, input.top);
    addAlertLevels(ns, (rule) => worstLevel(e.alerts, rule));
  }
  const other = sumSamples(rest.map((e) => e.sample));
  if (other) {
    const ns = withLabels(m, [['netns', OTHER_NETNS]]);
    addSampleMetrics(ns, other, input.pageSize, input.top);
    addAlertLevels(ns, (rule) => Math.max(0, ...rest.map((e) => worstLevel(e.alerts, rule))));
  }
  const unreadable = input.entries.filter((e) => !('sample' in e)).sort(byInode);
  // as bounded as the readable ones: the first --top-netns by inode one by one, all of them counted
  for (const e of unreadable.slice(0, Math.max(0, input.topNetns))) m.add('tcpwatch_netns_up', UP_HELP, 'gauge', 0, [['netns', labels.get(e) ?? '']]);
  const found = 'Network namespaces found in the last sample, read or not, all of them (only --top-netns are exported one by one).';
  m.add('tcpwatch_netns_found', found, 'gauge', readable.length, [['readable', 'true']]);
  m.add('tcpwatch_netns_found', found, 'gauge', unreadable.length, [['readable', 'false']]);
  m.add('tcpwatch_netns_summed', `Readable namespaces summed under netns="${OTHER_NETNS}" (past --top-netns by sockets).`, 'gauge', rest.length);
  addSampleAge(m, input.ageSeconds);
  addExporterMetrics(m, input, readable[0]?.sample.source);
  return m.render();
}
