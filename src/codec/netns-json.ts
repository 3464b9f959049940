import { rankNamespaces } from '../netns-rank.js';
import type { JudgedNetns } from '../types.js';
import { netnsToJson, sampleToJson } from './sample-json.js';

/** What each namespace's entry keeps of the single-namespace document (the top level has time and host). */
const PER_NAMESPACE = ['source', 'states', 'families', 'limits', 'sockstat', 'counters', 'destinations', 'destination_count', 'alerts', 'unparsed', 'warnings'] as const;

/**
 * The --all-netns --once --json document: `{time, host, namespaces: [...]}`, worst first, each
 * entry keyed as the single-namespace document, its `netns` with name, container and pod (null
 * when unknown); one that could not be read has `error` instead of counts.
 */
export function allNetnsToJson(host: string, time: number, entries: readonly JudgedNetns[], warnings: readonly string[]): Record<string, unknown> {
  return {
    time: new Date(time).toISOString(),
    host,
    namespaces: rankNamespaces(entries).map((e) => {
      const netns = { name: null, container: null, pod: null, ...netnsToJson(e.netns) };
      if (!('sample' in e)) return { netns, error: e.error };
      const doc = sampleToJson(e.sample, e.alerts);
      return { netns, ...Object.fromEntries(PER_NAMESPACE.map((k) => [k, doc[k]])) };
    }),
    warnings,
  };
}
