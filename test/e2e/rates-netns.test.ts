import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('../helpers/netns-rates.mjs', import.meta.url));

interface Dest {
  remote: string;
  ports_in_use: number;
  new_per_s: number;
  full_in_s: number | null;
  rate_from: string;
  time_wait_ages: number[];
}
interface Doc {
  source: string;
  destinations: Dest[];
  rates: { new_per_s: number; full_in_s: number | null };
}

/** `rate` connections/s toward 127.0.0.1:8080 for `seconds`, 2,000 usable ports, in a fresh namespace; both table paths' JSON. */
async function load(rate: number, seconds: number) {
  const r = await execa('unshare', ['-n', 'node', SCRIPT, CLI, String(rate), String(seconds)], { timeout: 90_000 });
  const out = JSON.parse(r.stdout) as { made: number; seconds: number; json: string; procfs: string };
  return { made: out.made, docs: [JSON.parse(out.json) as Doc, JSON.parse(out.procfs) as Doc] };
}

const target = (d: Doc): Dest => {
  const t = d.destinations.find((x) => x.remote === '127.0.0.1:8080');
  if (!t) throw new Error(`no destination 127.0.0.1:8080 in ${JSON.stringify(d.destinations)}`);
  return t;
};

const isRoot = process.getuid?.() === 0;
describe.skipIf(!isRoot).concurrent('rates from one sample of a real load in a network namespace (root)', () => {
  it('40/s toward one port with 2,000 usable: new_per_s ~40 and full_in_s ~ free ports / 40', { timeout: 120_000 }, async () => {
    const { made, docs } = await load(40, 14);
    expect(made).toBeGreaterThan(500);
    expect(docs.map((d) => d.source).sort()).toEqual(['procfs', 'sock_diag']);
    for (const doc of docs) {
      const d = target(doc);
      expect(d.rate_from).toBe('timers');
      // the load is paced by the clock: 40/s, give or take what the sampler's start-up delays
      expect(d.new_per_s).toBeGreaterThan(34);
      expect(d.new_per_s).toBeLessThan(46);
      // nothing expires for 60 s: the truth is the free ports over the rate
      expect(d.ports_in_use).toBeGreaterThanOrEqual(made);
      const truth = (2000 - d.ports_in_use) / 40;
      expect(d.full_in_s).not.toBeNull();
      expect(Math.abs((d.full_in_s as number) - truth)).toBeLessThan(truth * 0.15);
      // the histogram (trailing zeros left out): one second's closes in each of the load's seconds, none before it
      expect(d.time_wait_ages.length).toBeGreaterThanOrEqual(14);
      expect(d.time_wait_ages.length).toBeLessThanOrEqual(20);
      expect(d.time_wait_ages.reduce((a, b) => a + b, 0)).toBe(d.ports_in_use);
      expect(doc.rates.new_per_s).toBe(d.new_per_s);
      expect(doc.rates.full_in_s).toBe(d.full_in_s);
    }
  });

  it('10/s never fills 2,000 ports (600 held at most): full_in_s is null', { timeout: 120_000 }, async () => {
    const { docs } = await load(10, 8);
    for (const doc of docs) {
      const d = target(doc);
      expect(d.new_per_s).toBeGreaterThan(7);
      expect(d.new_per_s).toBeLessThan(13);
      expect(d.full_in_s).toBeNull();
      expect(doc.rates.full_in_s).toBeNull();
    }
  });
});
