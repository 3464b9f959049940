import { closeWaitLeak } from './close-wait.js';
import { conntrack } from './conntrack.js';
import { listenOverflow } from './listen-overflow.js';
import { orphans } from './orphans.js';
import { portExhaustion } from './port-exhaustion.js';
import type { RuleName } from './catalogue.js';
import type { Rule } from './rule.js';
import { synFlood } from './syn-flood.js';
import { twBuckets } from './tw-buckets.js';

/** Every rule's measurement, by name (the catalogue's RULE_NAMES give their order). */
export const RULES = {
  tw_buckets: twBuckets,
  port_exhaustion: portExhaustion,
  close_wait_leak: closeWaitLeak,
  listen_overflow: listenOverflow,
  syn_flood: synFlood,
  orphans,
  conntrack,
} as const satisfies Record<RuleName, Rule>;
