import { closeWaitLeak } from './close-wait.js';
import { conntrack } from './conntrack.js';
import { listenOverflow } from './listen-overflow.js';
import { orphans } from './orphans.js';
import { portExhaustion } from './port-exhaustion.js';
import type { Rule } from './rule.js';
import { synFlood } from './syn-flood.js';
import { twBuckets } from './tw-buckets.js';

/** Every rule, in the order alerts of equal level are listed. */
export const RULES: readonly Rule[] = [twBuckets, portExhaustion, closeWaitLeak, listenOverflow, synFlood, orphans, conntrack];
