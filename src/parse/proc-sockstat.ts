import type { Sockstat } from '../types.js';

/**
 * Parses the `TCP:` line of /proc/net/sockstat (`TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1`)
 * and the `TCP6:` line of sockstat6. Fields missing from the text stay absent.
 */
export function parseSockstat(text: string): Sockstat {
  const out: Sockstat = {};
  for (const line of text.split('\n')) {
    const m = /^(TCP6?):\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const pairs = (m[2] ?? '').split(/\s+/);
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const v = Number(pairs[i + 1]);
      if (!Number.isSafeInteger(v)) continue;
      const k = pairs[i];
      if (m[1] === 'TCP6') {
        if (k === 'inuse') out.inuse6 = v;
      } else if (k === 'inuse' || k === 'orphan' || k === 'tw' || k === 'alloc' || k === 'mem') {
        out[k] = v;
      }
    }
  }
  return out;
}
