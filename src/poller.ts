import type { HistoryEntry } from './history.js';
import type { Sample } from './types.js';

/**
 * The interval loop: takes a sample, hands it (or a gap, if the source failed) to the listener,
 * then waits for the next tick. Samples never overlap: a slow sample delays the next tick.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private paused = false;
  private inFlight = false;

  constructor(
    private readonly take: () => Promise<Sample>,
    private intervalMs: number,
    private readonly onEntry: (e: HistoryEntry) => void,
  ) {}

  get interval(): number {
    return this.intervalMs;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Paused: no samples are taken (history keeps what it has). */
  setPaused(p: boolean): void {
    this.paused = p;
    if (!p && this.running && !this.timer && !this.inFlight) void this.tick();
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    if (this.running && this.timer && !this.inFlight) {
      clearTimeout(this.timer);
      this.schedule();
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.paused) return;
    this.inFlight = true;
    const time = Date.now();
    let entry: HistoryEntry;
    try {
      entry = await this.take();
    } catch (err) {
      entry = { time, gap: true, error: (err as Error).message };
    }
    this.inFlight = false;
    if (!this.running) return;
    this.onEntry(entry);
    if (!this.paused) this.schedule();
  }
}
