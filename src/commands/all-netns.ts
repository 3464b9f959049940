import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliOptions } from '../args.js';
import { judgeAll } from '../monitor/judge.js';
import { sharedHashAdvice } from '../netns-cost.js';
import type { FoundEntry } from '../source/all-netns.js';
import type { JudgedNetns, Sample } from '../types.js';
import { checkAllNetns, checkUnknown } from '../views/check.js';
import { CHECK_WINDOW_MS } from './check.js';
import { setupOf, terminalWidth } from './common.js';

/**
 * Every namespace judged as a single one is: one sample each, or two `windowMs` apart (matched
 * by inode) so counter increases show. A namespace that appeared in the second round is judged
 * on its one sample.
 */
async function judgeAllNetns(o: CliOptions, windowMs: number): Promise<{ entries: JudgedNetns[]; warnings: string[]; time: number }> {
  const setup = setupOf(o);
  const { sampleAllNetns } = await import('../source/all-netns.js');
  const top = { topDestinations: Math.max(o.top, 100) };
  const rounds = [await sampleAllNetns(top)];
  if (windowMs > 0) {
    await sleep(windowMs);
    rounds.push(await sampleAllNetns(top));
  }
  const last = rounds[rounds.length - 1] ?? { entries: [], warnings: [] };
  const samplesOf = (inode: number | undefined) =>
    rounds.map((r) => r.entries.find((e): e is Extract<FoundEntry, { sample: Sample }> => 'sample' in e && e.netns.inode === inode)?.sample).filter((s): s is Sample => s !== undefined);
  const entries = last.entries.map((e): JudgedNetns => ('sample' in e ? { ...e, alerts: judgeAll({ ...setup.rules, samples: 1 }, 2, samplesOf(e.netns.inode)).active } : e));
  const advice = sharedHashAdvice(entries);
  return { entries, warnings: advice === undefined ? last.warnings : [...last.warnings, advice], time: Date.now() };
}

/** --all-netns --once (the table or --json) and check --all-netns. */
export async function run(o: CliOptions): Promise<number> {
  if (o.command === 'check') {
    let result;
    try {
      const { entries } = await judgeAllNetns(o, o.checkWindowMs ?? CHECK_WINDOW_MS);
      result = checkAllNetns(entries, setupOf(o).rules);
    } catch (err) {
      result = checkUnknown((err as Error).message);
    }
    process.stdout.write(result.text);
    return result.code;
  }
  const { entries, warnings, time } = await judgeAllNetns(o, o.checkWindowMs ?? 0);
  if (o.json) {
    const { allNetnsToJson } = await import('../codec/netns-json.js');
    process.stdout.write(`${JSON.stringify(allNetnsToJson(hostname(), time, entries, warnings), null, 2)}\n`);
  } else {
    const { renderNetnsTable } = await import('../views/netns-table.js');
    process.stdout.write(renderNetnsTable(hostname(), time, entries, warnings, o.top, terminalWidth()));
  }
  return 0;
}
