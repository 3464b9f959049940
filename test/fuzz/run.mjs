// npm run fuzz [-- --runs N] [--seconds S] [--seed N] [--only NAME]: the parser property tests
// of test/fuzz/parsers.test.ts with many more cases than npm test's 1,000 per parser (100,000 by
// default; --seconds bounds each parser's time instead or as well). A failing input is minimised
// and written to fuzz-failures/ with the steps that make it a regression fixture.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const flag = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const env = { ...process.env, FUZZ_RUNS: flag('--runs') ?? '100000' };
if (flag('--seconds') !== undefined) env.FUZZ_SECONDS = flag('--seconds');
if (flag('--seed') !== undefined) env.FUZZ_SEED = flag('--seed');
const only = flag('--only');
const root = fileURLToPath(new URL('../..', import.meta.url));
const args = ['vitest', 'run', '--config', 'test/vitest.config.ts', 'test/fuzz/parsers.test.ts', ...(only ? ['-t', only] : [])];
const r = spawnSync('npx', args, { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
