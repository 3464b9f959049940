import type { History } from '../history.js';
import type { RulesConfig } from '../rules/config.js';
import type { JudgedNetns, NetnsEntry } from '../types.js';
import { Judge } from './judge.js';

/**
 * One judge per network namespace (by inode), so each is judged over its own history, as a
 * single namespace is: a level is confirmed over its own samples. A namespace missing from a
 * round (it vanished) loses its judge; one that could not be read keeps it unchanged (no new
 * evidence, like a gap) and is passed on with its reason. serve --all-netns judges its rounds
 * with judge(); the live monitor (netns-monitor.ts) pushes each entry, gaps too, through of().
 */
export class NetnsJudges {
  private readonly judges = new Map<number, Judge>();

  constructor(
    private readonly rules: RulesConfig,
    private readonly capacity: number,
  ) {}

  /** A namespace's judge, made when first seen. */
  of(inode: number): Judge {
    let j = this.judges.get(inode);
    if (!j) this.judges.set(inode, (j = new Judge(this.rules, this.capacity)));
    return j;
  }

  /** A namespace's history, while it has one. */
  historyOf(inode: number): History | undefined {
    return this.judges.get(inode)?.history;
  }

  /** Drops the judges (and histories) of the namespaces not in the newest round. */
  keepOnly(seen: ReadonlySet<number>): void {
    for (const inode of this.judges.keys()) if (!seen.has(inode)) this.judges.delete(inode);
  }

  /** Every namespace of one round with the alerts in force after its sample. */
  judge(round: readonly NetnsEntry[]): JudgedNetns[] {
    const seen = new Set<number>();
    const judged = round.map((e): JudgedNetns => {
      const inode = e.netns.inode;
      if (inode !== undefined) seen.add(inode);
      if (!('sample' in e)) return e;
      const j = inode === undefined ? new Judge(this.rules, this.capacity) : this.of(inode);
      return { ...e, alerts: j.push(e.sample).active };
    });
    this.keepOnly(seen);
    return judged;
  }

  /** How many namespaces have a history now. */
  get size(): number {
    return this.judges.size;
  }
}
