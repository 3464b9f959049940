/** Command line -> options. Pure: no I/O, no exits; errors are UsageError (exit status 2). */

export type Command = 'live' | 'analyze' | 'check' | 'serve' | 'advise' | 'rules' | 'replay';

export interface CliOptions {
  command: Command;
  /** positional arguments after the command (analyze's FILE) */
  args: string[];
  help: boolean;
  version: boolean;
  once: boolean;
  json: boolean;
  intervalMs: number;
  procRoot: string | undefined;
  color: boolean;
  ascii: boolean;
  format: string | undefined;
  top: number;
  portRange: [number, number] | undefined;
  /** how many samples history keeps; undefined: one hour at the interval */
  historySize: number | undefined;
  /** share of one core the live monitor may use (0.05 = 5 %) */
  maxCpu: number;
}

export class UsageError extends Error {
  readonly code = 'EUSAGE';
  readonly exitCode = 2;
}

const COMMANDS: Command[] = ['analyze', 'check', 'serve', 'advise', 'rules', 'replay'];

/** "2", "2s", "500ms", "1.5s", "1m" -> milliseconds (a bare number is seconds, like watch -n). */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a duration (try 2s, 500ms, 1m)`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 100 || ms > 3_600_000) throw new UsageError(`${what}: ${text} is out of range (100ms to 1h)`);
  return Math.round(ms);
}

export function parsePositiveInt(text: string, what: string, max = 1_000_000): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`${what}: ${JSON.stringify(text)} is not a whole number from 1 to ${max}`);
  }
  return Number(text);
}

/** "5", "5%", "0.5" -> a share of one core (0.05); 0.1 % to 100 %. */
export function parsePercent(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const v = Number(m?.[1]);
  if (!m || v < 0.1 || v > 100) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a percentage from 0.1 to 100`);
  return v / 100;
}

export function parsePortRangeArg(text: string, what: string): [number, number] {
  const m = /^(\d{1,5})[-:, ](\d{1,5})$/.exec(text.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2]);
  if (!m || lo < 1 || hi > 65535 || lo > hi) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a port range LO-HI within 1-65535`);
  return [lo, hi];
}

export function defaultOptions(): CliOptions {
  return {
    command: 'live',
    args: [],
    help: false,
    version: false,
    once: false,
    json: false,
    intervalMs: 2000,
    procRoot: undefined,
    color: !process.env.NO_COLOR,
    ascii: false,
    format: undefined,
    top: 10,
    portRange: undefined,
    historySize: undefined,
    maxCpu: 0.05,
  };
}

export function parseArgs(argv: string[]): CliOptions {
  const o = defaultOptions();
  const rest = [...argv];
  const value = (name: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const v = rest.shift();
    if (v === undefined) throw new UsageError(`${name} needs a value`);
    return v;
  };
  let sawCommand = false;
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--') {
      o.args.push(...rest.splice(0));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (!sawCommand && o.args.length === 0 && (COMMANDS as string[]).includes(arg)) {
        o.command = arg as Command;
        sawCommand = true;
      } else {
        o.args.push(arg);
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    switch (name) {
      case '-h': case '--help': o.help = true; break;
      case '-V': case '--version': o.version = true; break;
      case '-1': case '--once': o.once = true; break;
      case '-j': case '--json': o.json = true; break;
      case '-n': case '--interval': o.intervalMs = parseDuration(value(name, inline), name); break;
      case '--proc-root': o.procRoot = value(name, inline); break;
      case '--no-color': o.color = false; break;
      case '--ascii': o.ascii = true; break;
      case '--format': o.format = value(name, inline); break;
      case '--top': o.top = parsePositiveInt(value(name, inline), name, 10_000); break;
      case '--port-range': o.portRange = parsePortRangeArg(value(name, inline), name); break;
      case '--history': o.historySize = parsePositiveInt(value(name, inline), name, 1_000_000); break;
      case '--max-cpu': o.maxCpu = parsePercent(value(name, inline), name); break;
      default: throw new UsageError(`unknown option ${name} (see tcpwatch --help)`);
    }
  }
  if (o.command === 'analyze' && !o.help && o.args.length !== 1) {
    throw new UsageError('analyze needs one capture: tcpwatch analyze FILE (or - for standard input)');
  }
  if (o.command !== 'analyze' && o.command !== 'replay' && o.args.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(o.args[0])} (see tcpwatch --help)`);
  }
  return o;
}
