import { hostname } from 'node:os';
import { AlertHook } from '../alert-hook.js';
import type { CliOptions } from '../args.js';
import { liveFeed } from '../monitor/feed.js';
import { Monitor } from '../monitor/monitor.js';
import { createLiveSampler } from '../source/index.js';
import { capacityOf, liveMaxCpu, PROCESS_SCAN_BUDGET_MS, processOptions, recorderFor, setupOf, sourceOptions } from './common.js';

/**
 * The live monitor of this machine as the command line asks for it: counters every tick, the full
 * breakdown within --max-cpu (with `ownersByBudget`, its sockets' owners too as the budget allows), recorded with --record, each alert change run through --on-alert
 * (its failures, and the recording's, told through `log`).
 */
export async function liveMonitor(o: CliOptions, log: (message: string) => void, extra: { ownersByBudget?: boolean } = {}): Promise<Monitor> {
  const setup = setupOf(o);
  const hook = setup.onAlert ? new AlertHook(setup.onAlert, setup.onAlertTimeoutMs, log, hostname()) : undefined;
  const recorder = await recorderFor(o, log);
  // the sampler asks for the interval only while sampling, after the monitor exists
  const owners = extra.ownersByBudget ? { ownersByBudget: { budgetMs: PROCESS_SCAN_BUDGET_MS, top: o.top } } : {};
  const take = createLiveSampler({ ...sourceOptions(o), ...processOptions(o), ...owners, maxCpu: liveMaxCpu(o), intervalMs: () => monitor.interval });
  const monitor: Monitor = new Monitor({
    feed: liveFeed(take),
    intervalMs: o.intervalMs,
    historySize: capacityOf(o),
    rules: setup.rules,
    recorder,
    hook,
    hookGraceMs: setup.onAlertTimeoutMs + 1000,
  });
  return monitor;
}
