import { hostname, release } from 'node:os';
import { advise, adviceText } from '../advice/index.js';
import type { CliOptions } from '../args.js';
import { hangUp } from '../hang-up.js';
import { Monitor } from '../monitor/monitor.js';
import { NetnsMonitor } from '../monitor/netns-monitor.js';
import type { ReplayTuiFeed } from '../replay/run.js';
import type { NetnsInfo } from '../types.js';
import { createSource } from '../source/index.js';
import { runTui, HANGUP_EXIT } from '../tui/run.js';
import { processLines } from '../views/processes-table.js';
import { capacityOf, liveMaxCpu, PROCESS_SCAN_BUDGET_MS, setupOf, sourceOptions } from './common.js';
import { liveMonitor } from './live-monitor.js';

/** The TUI's P: one full sample with its sockets' owners, as the --processes table section. */
async function processesNow(o: CliOptions): Promise<string[]> {
  const s = await createSource({ ...sourceOptions(o), processesBudgetMs: PROCESS_SCAN_BUDGET_MS, top: 50 })();
  return s.processes ? processLines(s.processes) : [`Socket owners come from /proc/*/fd: not available from the ${s.source} source.`];
}

const ALL_NETNS_PROCESSES = 'Socket owners are looked up in one namespace: open it (Enter) and press P.';

/** How --netns reaches a namespace of the list: its /run/netns name, its mount, or one of its processes' links. */
function netnsOption(n: NetnsInfo): string | undefined {
  if (n.sameAsReader === true) return undefined;
  const pid = n.pids?.[0]?.pid;
  return n.name ?? n.path ?? (pid !== undefined ? `/proc/${pid}/ns/net` : undefined);
}

/** P with --all-netns: the owners in the namespace opened, read as --netns reads them. */
function processesIn(o: CliOptions, n: NetnsInfo | undefined): Promise<string[]> {
  if (n === undefined) return Promise.resolve([ALL_NETNS_PROCESSES]);
  return processesNow({ ...o, allNetns: false, netns: netnsOption(n) });
}

/** A recording played through the monitor: no --on-alert (its alerts are history, not news) and no --record. */
function replayMonitor(o: CliOptions, feed: ReplayTuiFeed): Monitor {
  return new Monitor({ feed: feed.timeline, intervalMs: feed.intervalMs, historySize: capacityOf(o, feed.intervalMs), rules: feed.rules });
}

/** --all-netns: every namespace's counters each tick, their tables within --max-cpu, each judged over its own history. */
async function allNetnsMonitor(o: CliOptions): Promise<NetnsMonitor> {
  const { createLiveAllNetnsSource } = await import('../source/all-netns.js');
  const source = createLiveAllNetnsSource({ maxCpu: liveMaxCpu(o), intervalMs: () => monitor.interval });
  const monitor: NetnsMonitor = new NetnsMonitor({ take: source.take, waitMs: source.waitMs, intervalMs: o.intervalMs, historySize: capacityOf(o), rules: setupOf(o).rules });
  return monitor;
}

/** Live on a terminal (or a replay with `feed`): the TUI. This module is the only one that loads blessed. */
export async function run(o: CliOptions, feed?: ReplayTuiFeed): Promise<number> {
  // the screen owns the terminal: a failing hook shows in its footer, and the first few failures
  // are printed on stderr once it is restored
  const hookFailures: string[] = [];
  let notify = (_message: string): void => undefined;
  const keep = (m: string) => {
    if (hookFailures.length < 10) hookFailures.push(m);
    notify(m);
  };
  // the likely authors in the alerts and fixes, named as the CPU budget allows (P shows every owner)
  const monitor = feed ? replayMonitor(o, feed) : o.allNetns ? await allNetnsMonitor(o) : await liveMonitor({ ...o, processes: false }, keep, { ownersByBudget: true });
  let code: number;
  try {
    code = await runTui({
      monitor,
      color: o.color,
      ascii: o.ascii,
      info: feed ? { host: feed.host, kernel: feed.kernel ?? '?', root: `replay ${o.args[0] ?? ''}`, replay: true } : { host: hostname(), kernel: release(), root: o.procRoot ?? '/proc' },
      adviceFor: (sample, alerts) => (sample ? adviceText(advise(sample, alerts)) : ['No sample yet.']),
      // a replay has no live processes to look at; --all-netns looks at the namespace opened
      ...(feed ? {} : { processesFor: (netns) => (o.allNetns ? processesIn(o, netns) : processesNow(o)) }),
      bell: o.bell,
      notices: (post) => {
        notify = post;
      },
    });
  } finally {
    await monitor.stop();
  }
  // the screen is restored; the terminal may be gone
  if (code === HANGUP_EXIT) hangUp();
  else for (const m of hookFailures) process.stderr.write(`tcpwatch: ${m}\n`);
  return code;
}
