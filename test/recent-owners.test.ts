// Likely authors from recent samples: bounded memory, the TIME_WAIT length as its window.
import { describe, expect, it } from 'vitest';
import { jsonToSample, sampleToJson } from '../src/codec/sample-json.js';
import { RECENT_OWNER_SAMPLES, RecentOwners } from '../src/recent-owners.js';
import { authorText } from '../src/rules/port-exhaustion.js';
import type { Destination, Sample } from '../src/types.js';
import { sample } from './helpers/synthetic.js';

const nginx = { pid: 123, command: 'nginx', cmdline: 'nginx: worker process', sockets: 4 };
const REPORT = { processes: [], processCount: 0, destinations: [], unowned: {}, notes: [] };

/** A sample with --processes of one destination toward 10.0.0.9:8080, with `owners` or none. */
function at(time: number, owners: Destination['owners'], o: { processes?: boolean; remotePort?: number } = {}): Sample {
  const d: Destination = { local: '10.0.0.5', remote: '10.0.0.9', remotePort: o.remotePort ?? 8080, portsInUse: 40, states: { TIME_WAIT: 40 }, ...(owners ? { owners } : {}) };
  return sample(time, { destinations: [d], destinationCount: 1, ...(o.processes === false ? {} : { processes: REPORT }) });
}
const owners = (s: Sample) => s.destinations[0]?.owners;

describe('RecentOwners', () => {
  it('names the owner a recent sample saw, and how long ago, where none holds its sockets now', () => {
    const r = new RecentOwners();
    expect(owners(r.apply(at(0, [nginx])))).toEqual([nginx]);
    const later = r.apply(at(8000, undefined));
    expect(owners(later)).toEqual([{ ...nginx, seenAgoS: 8 }]);
    expect(authorText(later.destinations[0] as Destination)).toBe('Likely author: nginx[123], seen holding its live sockets 8 s ago (TIME_WAIT has no owner)');
    // a newer sighting wins, and a sample's own owners always do
    r.apply(at(9000, [{ ...nginx, pid: 124 }]));
    expect(owners(r.apply(at(12_000, undefined)))).toEqual([{ ...nginx, pid: 124, seenAgoS: 3 }]);
  });

  it('forgets after the TIME_WAIT length (no TIME_WAIT socket left from then), and another destination stays unnamed', () => {
    const r = new RecentOwners();
    r.apply(at(0, [nginx]));
    expect(owners(r.apply(at(5000, undefined, { remotePort: 9090 })))).toBeUndefined();
    expect(owners(r.apply(at(61_000, undefined)))).toBeUndefined();
  });

  it('keeps at most RECENT_OWNER_SAMPLES samples, and leaves samples without --processes alone', () => {
    const r = new RecentOwners();
    r.apply(at(0, [nginx]));
    for (let i = 1; i <= RECENT_OWNER_SAMPLES; i++) r.apply(at(i * 1000, [{ ...nginx, pid: 200 + i }], { remotePort: 9090 }));
    expect(owners(r.apply(at(10_000, undefined)))).toBeUndefined();
    const plain = at(11_000, undefined, { processes: false });
    expect(r.apply(plain)).toBe(plain);
  });

  it('seen_ago_s in the --json document, and back', () => {
    const s = new RecentOwners();
    s.apply(at(0, [nginx]));
    const later = s.apply(at(8000, undefined));
    const doc = sampleToJson(later, []) as { destinations: Array<{ owners: unknown[] }> };
    expect(doc.destinations[0]?.owners[0]).toMatchObject({ pid: 123, sockets: 4, seen_ago_s: 8 });
    expect(owners(jsonToSample(JSON.parse(JSON.stringify(doc))))).toEqual([{ ...nginx, seenAgoS: 8 }]);
  });
});
