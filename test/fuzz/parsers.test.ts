// Property tests of every parser over random mutations of the real captures in fixtures/: no
// exception, and every line counted as a socket, as unparsed with a reason, or as an ignored kind.
// `npm test` runs 1,000 cases per parser; `npm run fuzz` many more (test/fuzz/run.mjs sets
// FUZZ_RUNS, FUZZ_SECONDS, FUZZ_SEED) and writes each failing input to fuzz-failures/.
import fc from 'fast-check';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimise } from './minimise.js';
import { mutate, mutation, type Mutation } from './mutate.js';
import { ROOT, targets, type Target } from './targets.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SECONDS = process.env.FUZZ_SECONDS === undefined ? undefined : Number(process.env.FUZZ_SECONDS);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const FAILURES = join(ROOT, 'fuzz-failures');
const REGRESSIONS = join(ROOT, 'fixtures', 'fuzz');

/** Keeps the shrunk failing input, minimised further, and says how to turn it into a regression fixture. */
function keepFailure(t: Target, m: Mutation, seed: number, error: unknown): string {
  const capture = t.captures[m.capture];
  const input = minimise(mutate(capture?.bytes ?? Buffer.alloc(0), m.edits), (b) => t.check(b, m.cuts), error);
  mkdirSync(FAILURES, { recursive: true });
  const base = join(FAILURES, `${t.name}-${seed}`);
  writeFileSync(`${base}.bin`, input);
  if (m.cuts.length > 0) writeFileSync(`${base}.cuts`, JSON.stringify(m.cuts));
  writeFileSync(`${base}.txt`, `${String(error)}\ncapture: ${capture?.path}\nedits: ${JSON.stringify(m.edits)}\ncuts: ${JSON.stringify(m.cuts)}\nseed: ${seed}\n`);
  return [
    `${t.name}: ${String(error)}`,
    `  from ${capture?.path} with ${m.edits.length} edit(s); input in ${base}.bin (${input.length} bytes), details in ${base}.txt`,
    `  to keep it as a regression: mkdir -p fixtures/fuzz/${t.name} && cp ${base}.bin fixtures/fuzz/${t.name}/NAME` + (m.cuts.length > 0 ? ` && cp ${base}.cuts fixtures/fuzz/${t.name}/NAME.cuts` : ''),
    `  and add to fixtures/README.md: "fuzz/${t.name}/NAME: minimised by npm run fuzz from ${capture?.path}"; this test replays it`,
  ].join('\n');
}

const all = targets();

describe('parsers on mutated real captures: no exception, no line lost', () => {
  for (const t of all) {
    it(`${t.name}: ${RUNS} mutations of ${t.captures.length} capture(s)`, { timeout: Math.max(30_000, (SECONDS ?? RUNS / 100) * 2000) }, () => {
      const seed = SEED ?? Date.now() ^ (Math.random() * 0x7fffffff);
      const r = fc.check(
        fc.property(mutation(t.captures.length), (m) => {
          t.check(mutate((t.captures[m.capture] as { bytes: Buffer }).bytes, m.edits), m.cuts);
        }),
        { numRuns: RUNS, seed, ...(SECONDS !== undefined ? { interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : {}) },
      );
      if (process.env.FUZZ_RUNS !== undefined) console.log(`fuzz ${t.name}: ${r.numRuns} cases, ${r.failed ? 'FAILED' : 'no failure'} (seed ${seed})`);
      if (r.failed) throw new Error(keepFailure(t, (r.counterexample as [Mutation])[0], seed, r.errorInstance));
      expect(r.numRuns).toBeGreaterThan(0);
    });
  }
});

describe('regressions found by npm run fuzz (fixtures/fuzz/<parser>/)', () => {
  const names = existsSync(REGRESSIONS) ? readdirSync(REGRESSIONS) : [];
  it('every regression folder names a parser', () => {
    expect(names.filter((n) => !all.some((t) => t.name === n))).toEqual([]);
  });
  for (const t of all) {
    const dir = join(REGRESSIONS, t.name);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => !n.endsWith('.cuts'))) {
      it(`${t.name}: ${f}`, () => {
        const cutsFile = join(dir, `${f}.cuts`);
        const cuts = existsSync(cutsFile) ? (JSON.parse(readFileSync(cutsFile, 'utf8')) as number[]) : [];
        expect(() => t.check(readFileSync(join(dir, f)), cuts)).not.toThrow();
      });
    }
  }
});
