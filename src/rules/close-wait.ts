import { joinHostPort } from '../addr.js';
import { secondsBetween } from '../clock.js';
import { thousands } from '../format.js';
import type { CloseWaitGroup, Sample } from '../types.js';
import { CATALOGUE } from './catalogue.js';
import { levelOf, rank, type Finding, type RuleInput } from './rule.js';

/** How many groups a message names. */
const NAMED = 3;

function groupText(g: CloseWaitGroup): string {
  const where = g.direction === 'inbound' ? `on ${joinHostPort(g.address, g.port)}` : `toward ${joinHostPort(g.address, g.port)}`;
  const who = g.processes && g.processes.length > 0 ? ` (${g.processes.join(', ')})` : '';
  return `${thousands(g.count)} ${where}${who}`;
}

/**
 * Growth over the window: enough samples covering at least half of it, CLOSE_WAIT never falling
 * between them, and up by at least `growth` in all. A leak grows steadily; a burst comes and goes.
 */
export function steadyGrowth(samples: readonly Sample[], windowS: number, growth: number): number | undefined {
  const newest = samples[samples.length - 1];
  const inWindow = newest ? samples.filter((x) => secondsBetween(x, newest) <= windowS) : [];
  const first = inWindow[0];
  const last = inWindow[inWindow.length - 1];
  if (!first || !last || inWindow.length < 3 || secondsBetween(first, last) < windowS / 2) return undefined;
  for (let i = 1; i < inWindow.length; i++) {
    if ((inWindow[i] as Sample).states.CLOSE_WAIT < (inWindow[i - 1] as Sample).states.CLOSE_WAIT) return undefined;
  }
  const up = last.states.CLOSE_WAIT - first.states.CLOSE_WAIT;
  return up >= growth && growth > 0 ? up : undefined;
}

/**
 * CLOSE_WAIT: the peer has closed and the local application has not called close(). The kernel
 * never times these out, so many of them, or a steady rise, is a file-descriptor leak in the app.
 */
export function closeWaitLeak(input: RuleInput): Finding[] {
  const { sample: s, config: c } = input;
  const n = s.states.CLOSE_WAIT;
  const t = c.close_wait_leak;
  let level = levelOf(n, t, input.was('close_wait_leak'), c.hysteresis);
  const grew = steadyGrowth(input.samples, t.window_s, t.growth);
  if (grew !== undefined && rank(level) < rank('warning')) level = 'warning';
  const groups = s.closeWait ?? [];
  const named = groups.slice(0, NAMED).map(groupText).join(', ');
  const growth = grew !== undefined ? `, up ${thousands(grew)} in ${Math.round(t.window_s / 60)} min without falling` : '';
  const inbound = groups.find((g) => g.direction === 'inbound');
  return [
    {
      rule: 'close_wait_leak',
      level,
      value: n,
      limit: rank(level) >= rank('critical') ? t.critical : t.warning,
      message: `${thousands(n)} CLOSE_WAIT sockets${growth}${named ? `: ${named}` : ''}`,
      remedy: CATALOGUE.close_wait_leak.remedy({ serving: inbound ? joinHostPort(inbound.address, inbound.port) : undefined }),
      fromBreakdown: true,
    },
  ];
}
