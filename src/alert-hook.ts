import { spawn } from 'node:child_process';
import { alertToJson } from './codec/sample-json.js';
import type { Alert } from './types.js';

/** Runs waiting beyond this are dropped (and said so): a hung hook must not pile up processes. */
const MAX_QUEUED = 32;
/** A run past its timeout gets SIGTERM, then SIGKILL this much later. */
const KILL_AFTER_MS = 1000;
/** What is kept of a run's stderr, and told of its first line. */
const MAX_STDERR = 4096;
const MAX_TOLD = 200;

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

  /**
   * One run, through node's own spawn: nothing to load first, so a run at the first alert needs
   * no module files opened (with descriptors exhausted that import failed and ended the
   * monitor), and a spawn refused (EMFILE, ENOENT) is an 'error' event here, logged like any
   * failure (execa 9 threw then and left that event unhandled). Resolves, never rejects.
   */
  private run(event: AlertEvent, alert: Alert, payload: string): Promise<void> {
    const [cmd, ...args] = this.argv as [string, ...string[]];
    return new Promise((resolve) => {
      let stderr = '';
      let timedOut = false;
      let killer: NodeJS.Timeout | undefined;
      const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, TCPWATCH_EVENT: event, TCPWATCH_RULE: alert.rule, TCPWATCH_LEVEL: alert.level } });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      }, this.timeoutMs);
      let ended = false;
      const end = (why: string | undefined) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        clearTimeout(killer);
        const err = stderr.trim().split('\n')[0]?.slice(0, MAX_TOLD);
        if (why !== undefined) this.log(`on-alert ${cmd} (${event} ${alert.rule}) failed: ${why}${err ? `: ${err}` : ''}`);
        resolve();
      };
      child.on('error', (e) => end(e.message));
      child.on('close', (code, signal) => end(timedOut ? `timed out after ${this.timeoutMs} ms` : code === 0 ? undefined : code !== null ? `exit status ${code}` : `killed by ${signal}`));
      // a flood on stderr is cut at its first few KB: only its first line is told
      child.stderr?.on('data', (d: Buffer) => {
        if (stderr.length < MAX_STDERR) stderr += d.toString();
      });
      // a command that does not read its stdin closes it: EPIPE here is no failure of the run
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(payload);
    });
  }
}
