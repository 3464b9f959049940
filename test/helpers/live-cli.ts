import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI, ROOT } from './cli.js';

/** The built CLI running live, its output gathered as it comes; waits are for what it prints, not for time. */
export class LiveCli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], o: { shell?: string; env?: Record<string, string> } = {}) {
    const env = { ...process.env, ...o.env };
    // with `shell`, a sh -c prefix (ulimit) before `exec node dist/cli.js ARGS`
    this.child = o.shell ? spawn('sh', ['-c', `${o.shell}; exec "$0" "$@"`, process.execPath, CLI, ...args], { cwd: ROOT, env }) : spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  lines(): string[] {
    return this.stdout.split('\n').filter((l) => l !== '');
  }

  /** Resolves once `what` holds; rejects, with what the CLI said so far, after `ms` or if it exits first. */
  async until(what: () => boolean, ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (!what()) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`tcpwatch exited: ${this.stderr}`);
      if (Date.now() > end) throw new Error(`timed out; stderr so far: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends `signal` (unless it has exited) and resolves with how it ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    const r = await this.exited;
    clearTimeout(killer);
    return r;
  }
}
