import type { RulesConfig } from '../rules/config.js';
import type { JudgedNetns, NetnsEntry } from '../types.js';
import { Judge } from './judge.js';

/**
 * One judge per network namespace (by inode), so each is judged over its own history, as a
 * single namespace is: a level is confirmed over its own samples. A namespace missing from a
 * round (it vanished) loses its judge; one that could not be read keeps it unchanged (no new
 * evidence, like a gap) and is passed on with its reason.
 */
export class NetnsJudges {
  private readonly judges = new Map<number, Judge>();

  constructor(
    private readonly rules: RulesConfig,
    private readonly capacity: number,
  ) {}

  /** Every namespace of one round with the alerts in force after its sample. */
  judge(round: readonly NetnsEntry[]): JudgedNetns[] {
    const seen = new Set<number>();
    const judged = round.map((e): JudgedNetns => {
      const inode = e.netns.inode;
      if (inode !== undefined) seen.add(inode);
      if (!('sample' in e)) return e;
      if (inode === undefined) return { ...e, alerts: new Judge(this.rules, this.capacity).push(e.sample).active };
      let j = this.judges.get(inode);
      if (!j) this.judges.set(inode, (j = new Judge(this.rules, this.capacity)));
      return { ...e, alerts: j.push(e.sample).active };
    });
    for (const inode of this.judges.keys()) if (!seen.has(inode)) this.judges.delete(inode);
    return judged;
  }

  /** How many namespaces have a history now. */
  get size(): number {
    return this.judges.size;
  }
}
