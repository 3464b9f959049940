/** Command line -> options. Pure: no I/O, no exits; errors are UsageError (exit status 2). */

import { UsageError } from './errors.js';
import { SOURCE_NAMES, type SourceName } from './source/names.js';

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
  /** serve: where to listen (loopback by default) */
  listen: { host: string; port: number };
  /** append one JSON line per sample to this file */
  record: string | undefined;
  /** rotate the recording to FILE.1 past this size */
  recordMaxBytes: number;
  /** watch the network namespace of this process (/proc/PID/net) */
  pid: number | undefined;
  /** map sockets to processes (--once / --json) */
  processes: boolean;
  /** replay: the time to show with --once (ISO time, +DUR from the start, -DUR from the end) */
  at: string | undefined;
  /** replay: playback speed; undefined plays a non-interactive replay at once */
  speed: number | undefined;
  /** rules: print Prometheus alerting rules instead of the thresholds */
  prometheus: boolean;
  /** rule settings file (JSON), see fixtures/config/tcpwatch.sample.json */
  config: string | undefined;
  /** `--set KEY=VALUE` rule settings, in order (checked when the config is built) */
  settings: string[];
  /** command run with each raised/cleared alert as JSON on stdin: argv, never a shell */
  onAlert: string[] | undefined;
  onAlertTimeoutMs: number | undefined;
  /** ring the terminal bell when an alert is raised */
  bell: boolean;
  /** check, --once, advise: a second sample this long after the first, so counter increases show; undefined: the mode's default */
  checkWindowMs: number | undefined;
  /** share of one core the live monitor may use (0.05 = 5 %) */
  maxCpu: number;
  /** where live samples come from (--source); auto picks by platform */
  source: SourceName;
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

/** `127.0.0.1:9929`, `[::1]:9929`, `0.0.0.0:9929`, `:9929` (all addresses: an explicit choice). */
export function parseListenArg(text: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new UsageError(`${what}: ${JSON.stringify(text)} is not HOST:PORT (e.g. 127.0.0.1:9929, [::1]:9929, :9929 for all addresses)`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '::' : host, port };
}

/** A playback speed: 1, 0.5, 10, or 10x. */
export function parseSpeedArg(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(text.trim());
  const v = Number(m?.[1]);
  if (!m || v <= 0 || v > 10_000) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a speed from 0.01 to 10000 (e.g. 1, 10x)`);
  return v;
}

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 9929 };

/**
 * `--on-alert CMD ARG...`: the command and its arguments are everything up to a lone `--` (which
 * ends it) or the end of the command line, so put it last or close it with `--`.
 */
function commandArgv(name: string, inline: string | undefined, rest: string[]): string[] {
  const end = rest.indexOf('--');
  const taken = rest.splice(0, end < 0 ? rest.length : end + 1);
  if (end >= 0) taken.pop();
  const argv = inline !== undefined ? [inline, ...taken] : taken;
  if (argv.length === 0 || argv[0] === '') throw new UsageError(`${name} needs a command: ${name} CMD [ARG...] [--]`);
  return argv;
}

export function parseSourceName(text: string, what: string): SourceName {
  if ((SOURCE_NAMES as readonly string[]).includes(text)) return text as SourceName;
  throw new UsageError(`${what}: ${JSON.stringify(text)} is not one of ${SOURCE_NAMES.join(', ')}`);
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
    listen: { ...DEFAULT_LISTEN },
    record: undefined,
    recordMaxBytes: 100 * 1024 * 1024,
    pid: undefined,
    processes: false,
    at: undefined,
    speed: undefined,
    prometheus: false,
    config: undefined,
    settings: [],
    onAlert: undefined,
    onAlertTimeoutMs: undefined,
    bell: false,
    checkWindowMs: undefined,
    maxCpu: 0.05,
    source: 'auto',
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
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '-V':
      case '--version':
        o.version = true;
        break;
      case '-1':
      case '--once':
        o.once = true;
        break;
      case '-j':
      case '--json':
        o.json = true;
        break;
      case '-n':
      case '--interval':
        o.intervalMs = parseDuration(value(name, inline), name);
        break;
      case '--proc-root':
        o.procRoot = value(name, inline);
        break;
      case '--no-color':
        o.color = false;
        break;
      case '--ascii':
        o.ascii = true;
        break;
      case '--format':
        o.format = value(name, inline);
        break;
      case '--top':
        o.top = parsePositiveInt(value(name, inline), name, 10_000);
        break;
      case '--port-range':
        o.portRange = parsePortRangeArg(value(name, inline), name);
        break;
      case '--history':
        o.historySize = parsePositiveInt(value(name, inline), name, 1_000_000);
        break;
      case '--listen':
        o.listen = parseListenArg(value(name, inline), name);
        break;
      case '--record':
        o.record = value(name, inline);
        break;
      case '--record-max':
        o.recordMaxBytes = parsePositiveInt(value(name, inline), `${name} (MB)`, 1_000_000) * 1024 * 1024;
        break;
      case '--pid':
        o.pid = parsePositiveInt(value(name, inline), name, 4_194_304);
        break;
      case '--processes':
        o.processes = true;
        break;
      case '--at':
        o.at = value(name, inline);
        break;
      case '--speed':
        o.speed = parseSpeedArg(value(name, inline), name);
        break;
      case '--prometheus':
        o.prometheus = true;
        break;
      case '--config':
        o.config = value(name, inline);
        break;
      case '--set':
        o.settings.push(value(name, inline));
        break;
      case '--on-alert':
        o.onAlert = commandArgv(name, inline, rest);
        break;
      case '--on-alert-timeout':
        o.onAlertTimeoutMs = parseDuration(value(name, inline), name);
        break;
      case '--bell':
        o.bell = true;
        break;
      case '--check-window': {
        const v = value(name, inline);
        o.checkWindowMs = /^0+(ms|s)?$/.test(v.trim()) ? 0 : parseDuration(v, name);
        break;
      }
      case '--max-cpu':
        o.maxCpu = parsePercent(value(name, inline), name);
        break;
      case '--source':
        o.source = parseSourceName(value(name, inline), name);
        break;
      default:
        throw new UsageError(`unknown option ${name} (see tcpwatch --help)`);
    }
  }
  if (o.command === 'analyze' && !o.help && o.args.length !== 1) {
    throw new UsageError('analyze needs one capture: tcpwatch analyze FILE (or - for standard input)');
  }
  if (o.command === 'replay' && !o.help && o.args.length !== 1) {
    throw new UsageError('replay needs one recording: tcpwatch replay FILE (made with --record FILE)');
  }
  if (o.command !== 'analyze' && o.command !== 'replay' && o.args.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(o.args[0])} (see tcpwatch --help)`);
  }
  return o;
}
