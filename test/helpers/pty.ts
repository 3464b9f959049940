import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { Terminal } = xterm;
const WRAP = fileURLToPath(new URL('./tui-run.mjs', import.meta.url));

export const isRoot = process.getuid?.() === 0;

/** The real tcpwatch in a pseudo-terminal, its output fed to a headless terminal emulator. */
export class PtySession {
  readonly term: InstanceType<typeof Terminal>;
  readonly pty: IPty;
  /** every byte tcpwatch and the wrapper wrote */
  raw = '';
  exited = false;
  private readonly stateFile: string;

  constructor(args: string[], o: { cols: number; rows: number; load?: boolean; exhaust?: [number, number]; rate?: [number, number]; sysctl?: string[]; env?: Record<string, string>; nodeArgs?: string[]; stderrFile?: string }) {
    this.term = new Terminal({ cols: o.cols, rows: o.rows, allowProposedApi: true });
    this.stateFile = join(mkdtempSync(join(tmpdir(), 'tcpwatch-pty-')), 'state.json');
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', TERM: 'xterm-256color', LANG: 'C.UTF-8', TW_STATE: this.stateFile, ...o.env };
    if (o.load) env.TW_LOAD = '1';
    if (o.exhaust) env.TW_EXHAUST = o.exhaust.join(' ');
    if (o.rate) env.TW_RATE = o.rate.join(' ');
    if (o.sysctl) env.TW_SYSCTL = o.sysctl.join(' ');
    if (o.nodeArgs) env.TW_NODE_ARGS = JSON.stringify(o.nodeArgs);
    if (o.stderrFile) env.TW_STDERR = o.stderrFile;
    const [file, argv] = o.load || o.exhaust || o.rate ? ['unshare', ['-n', process.execPath, WRAP, ...args]] : [process.execPath, [WRAP, ...args]];
    // node-pty sets TERM from `name`, over env.TERM
    this.pty = spawn(file, argv, { name: env.TERM ?? 'xterm-256color', cols: o.cols, rows: o.rows, env });
    this.pty.onData((d) => {
      this.raw += d;
      this.term.write(d);
    });
    this.pty.onExit(() => {
      this.exited = true;
    });
  }

  /** {pid, port} once the wrapper has started tcpwatch */
  state(): { pid: number; port: number } {
    return JSON.parse(readFileSync(this.stateFile, 'utf8')) as { pid: number; port: number };
  }

  /** The screen as text, one string per row (trailing blanks trimmed). */
  lines(): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  screen(): string {
    return this.lines().join('\n');
  }

  /** The screen row that starts with `label` (after trimming), split into words. */
  row(label: string): string[] | undefined {
    const l = this.lines().find((x) => x.trimStart().startsWith(label));
    return l?.trim().split(/\s+/);
  }

  async until(what: string, pred: () => boolean, timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // let the emulator finish parsing what arrived
    await new Promise<void>((r) => this.term.write('', r));
  }

  async started(): Promise<{ pid: number; port: number }> {
    await this.until('tcpwatch to start', () => existsSync(this.stateFile) && this.screen().trim() !== '');
    return this.state();
  }

  press(keys: string): void {
    this.pty.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  /** Waits for the wrapper's report: how tcpwatch ended and the terminal modes after it. */
  async ended(): Promise<{ code: string; signal: string; stty: string }> {
    await this.until('tcpwatch to end', () => this.raw.includes('DONE'));
    const m = /EXIT code=(\S+) signal=(\S+)/.exec(this.raw);
    return { code: m?.[1] ?? '?', signal: m?.[2] ?? '?', stty: this.raw.slice(this.raw.indexOf('EXIT')) };
  }

  /** Whether the last cursor-visibility sequence showed the cursor (DECTCEM). */
  cursorVisible(): boolean {
    return this.raw.lastIndexOf('\x1b[?25h') > this.raw.lastIndexOf('\x1b[?25l');
  }

  /** Closes the terminal itself, as an ssh drop does: the kernel hangs up the session. */
  hangUp(): void {
    (this.pty as IPty & { destroy(): void }).destroy();
  }

  kill(): void {
    if (!this.exited) this.pty.kill('SIGKILL');
  }
}
