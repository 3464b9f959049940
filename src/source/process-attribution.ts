import { attributeSockets, isAttributed, nameCloseWaitOwners } from '../attribution.js';
import type { Sample, TcpRow } from '../types.js';
import { nsLink, scanSocketOwners } from './socket-owners.js';

/**
 * --processes for one full sample: keeps the rows a process can own while the table is read
 * (by inode: the table can repeat a row while it churns, and parsers reuse their row object),
 * then scans /proc/*\/fd for their owners and adds what it found to the sample.
 */
export class ProcessAttribution {
  private readonly rows = new Map<number, TcpRow>();

  constructor(
    private readonly procRoot: string,
    /** the namespace read: by its inode (--netns, --all-netns), or the process whose it is (--pid), else tcpwatch's own */
    private readonly target: { inode?: number | undefined; pid?: number | undefined },
    private readonly opts: { budgetMs: number; top: number },
  ) {}

  readonly add = (row: TcpRow): void => {
    if (isAttributed(row)) this.rows.set(row.inode as number, { ...row });
  };

  apply(sample: Sample): void {
    const { inode, pid } = this.target;
    const netns = inode !== undefined ? `net:[${inode}]` : nsLink(this.procRoot, pid !== undefined ? String(pid) : 'self');
    const scan = scanSocketOwners(this.procRoot, new Set(this.rows.keys()), this.opts.budgetMs, netns);
    const rows = [...this.rows.values()];
    sample.processes = attributeSockets(rows, scan, sample.destinations, sample.states.TIME_WAIT, this.opts.top);
    // each top destination names who holds its live sockets: the likely authors of its TIME_WAIT
    sample.processes.destinations.forEach((o, i) => {
      const d = sample.destinations[i];
      if (d && o.owners.length > 0) d.owners = o.owners;
    });
    if (sample.closeWait) sample.closeWait = nameCloseWaitOwners(sample.closeWait, rows, scan);
  }
}
