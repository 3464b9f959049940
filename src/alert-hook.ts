import { alertToJson } from './codec/sample-json.js';
import type { Alert } from './types.js';

/** Runs waiting beyond this are dropped (and said so): a hung hook must not pile up processes. */
const MAX_QUEUED = 32;

export type AlertEvent = 'raised' | 'cleared';

/**
 * `--on-alert CMD ARG...`: runs the command once per raised or cleared alert, one at a time, with
 * the event as JSON on stdin. argv only, never a shell; bounded by a timeout. A failure is
 * reported through `log` and never stops the monitor.
 */
export class AlertHook {
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly argv: string[],
    private readonly timeoutMs: number,
    private readonly log: (message: string) => void,
    private readonly host: string,
  ) {}

  /** One engine update's events: what was raised, then what cleared (the hook runs each in turn). */
  fireChanges(changes: { raised: readonly Alert[]; cleared: readonly Alert[] }): void {
    for (const a of changes.raised) this.fire('raised', a);
    for (const a of changes.cleared) this.fire('cleared', a);
  }

  fire(event: AlertEvent, alert: Alert): void {
    if (this.queued >= MAX_QUEUED) {
      this.log(`on-alert: ${this.queued} runs already waiting, dropped the ${event} ${alert.rule} event`);
      return;
    }
    this.queued++;
    const payload = `${JSON.stringify({ event, host: this.host, time: new Date().toISOString(), alert: alertToJson(alert) })}\n`;
    this.chain = this.chain.then(() => this.run(event, alert, payload)).finally(() => this.queued--);
  }

  /** Resolves when every queued run has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(event: AlertEvent, alert: Alert, payload: string): Promise<void> {
    const [cmd, ...args] = this.argv as [string, ...string[]];
    // loaded on first use: importing execa costs ~0.1 s of CPU, paid by every run otherwise
    const { execa } = await import('execa');
    const r = await execa(cmd, args, {
      input: payload,
      timeout: this.timeoutMs,
      reject: false,
      stdout: 'ignore',
      stderr: 'pipe',
      forceKillAfterDelay: 1000,
      env: { TCPWATCH_EVENT: event, TCPWATCH_RULE: alert.rule, TCPWATCH_LEVEL: alert.level },
    });
    if (!r.failed) return;
    const why = r.timedOut ? `timed out after ${this.timeoutMs} ms` : r.exitCode !== undefined ? `exit status ${r.exitCode}` : (r.originalMessage ?? r.shortMessage);
    const err = String(r.stderr ?? '')
      .trim()
      .split('\n')[0];
    this.log(`on-alert ${cmd} (${event} ${alert.rule}) failed: ${why}${err ? `: ${err}` : ''}`);
  }
}
