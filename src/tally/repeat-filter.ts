import type { TcpRow } from '../types.js';

/** How many recent rows a new row is compared with to drop repeats. */
const REPEAT_WINDOW = 32;
/** Buckets that tell in O(1) that most rows have no match in the window (a power of two). */
const REPEAT_BUCKETS = 1024;

/**
 * /proc/net/tcp is read a page at a time while the table changes; the kernel re-seeks between
 * reads, so a row near a page boundary can be printed twice. Such a repeat lies within a few rows
 * of the first one, so comparing with a short window of recent rows finds it without a set of
 * every row. A repeat has the same 4-tuple and the same inode; SO_REUSEPORT listeners share a
 * 4-tuple but not an inode, so nothing real is dropped. Rows without an inode (ss, netstat
 * captures) come from no paged read and are never filtered.
 */
export class RepeatFilter {
  private readonly local: string[] = new Array<string>(REPEAT_WINDOW).fill('');
  private readonly remote: string[] = new Array<string>(REPEAT_WINDOW).fill('');
  private readonly ports = new Float64Array(REPEAT_WINDOW).fill(-1);
  private readonly inodes = new Float64Array(REPEAT_WINDOW).fill(-1);
  private readonly buckets = new Int32Array(REPEAT_WINDOW).fill(-1);
  /** rows in the window per bucket of (ports, inode): a row in an empty bucket is no repeat */
  private readonly inBucket = new Uint8Array(REPEAT_BUCKETS);
  private next = 0;

  /** Whether `r` repeats a row of the window; a row that does not is added to it. */
  isRepeat(r: TcpRow): boolean {
    if (r.inode === undefined) return false;
    const key = r.localPort * 65536 + r.remotePort;
    const bucket = (Math.imul((key ^ r.inode) | 0, 0x9e3779b1) >>> 22) & (REPEAT_BUCKETS - 1);
    if (this.inBucket[bucket] !== 0) {
      for (let i = 0; i < REPEAT_WINDOW; i++) {
        if (this.ports[i] === key && this.inodes[i] === r.inode && this.local[i] === r.local && this.remote[i] === r.remote) return true;
      }
    }
    const n = this.next;
    const old = this.buckets[n] as number;
    if (old >= 0) (this.inBucket[old] as number)--;
    this.buckets[n] = bucket;
    (this.inBucket[bucket] as number)++;
    this.ports[n] = key;
    this.inodes[n] = r.inode;
    this.local[n] = r.local;
    this.remote[n] = r.remote;
    this.next = (n + 1) % REPEAT_WINDOW;
    return false;
  }
}
