/** Command line -> options. Pure: no I/O, no exits; errors are UsageError (exit status 2). */

import {
  commandArgv,
  parseDuration,
  parseEndpointArg,
  parseFamilyArg,
  parseListenArg,
  parsePercent,
  parsePortArg,
  parsePortRangeArg,
  parsePositiveInt,
  parseSortArg,
  parseSourceName,
  parseSpeedArg,
  parseStatesArg,
} from './arg-values.js';
import { SHELLS } from './completion/shells.js';
import { UsageError } from './errors.js';
import type { SourceName } from './source/names.js';
import type { SortKey } from './tally/destination-order.js';
import type { RowFilterSpec } from './tally/filter-spec.js';

export type Command = 'live' | 'analyze' | 'check' | 'serve' | 'advise' | 'rules' | 'replay' | 'completion' | 'lint';

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
  /** watch this network namespace: a /run/netns name or an nsfs path */
  netns: string | undefined;
  /** every network namespace on the host (--once, check, serve) */
  allNetns: boolean;
  /** serve --all-netns: namespaces exported one by one, the rest summed under netns="other" */
  topNetns: number;
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
  /** share of one core the live monitor may use (0.05 = 5 %); undefined: the mode's default (live 5 %, serve a full sample per scrape) */
  maxCpu: number | undefined;
  /** where live samples come from (--source); auto picks by platform */
  source: SourceName;
  /** lint: the root the `sysctl --system` files are read under (an image, a container's root) */
  root: string;
  /** which sockets to count (--port, --src, --dst, --state, --family); empty: all */
  filter: RowFilterSpec;
  /** --once destinations: the order (default: ports in use) */
  sort: SortKey | undefined;
}

export const COMMANDS: Command[] = ['analyze', 'check', 'serve', 'advise', 'rules', 'replay', 'completion', 'lint'];

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 9929 };

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
    netns: undefined,
    allNetns: false,
    topNetns: 10,
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
    maxCpu: undefined,
    source: 'auto',
    root: '/',
    filter: {},
    sort: undefined,
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
      case '--netns':
        o.netns = value(name, inline);
        break;
      case '--all-netns':
        o.allNetns = true;
        break;
      case '--top-netns':
        o.topNetns = parsePositiveInt(value(name, inline), name, 1000);
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
      case '--root':
        o.root = value(name, inline);
        break;
      case '--port':
        o.filter.port = parsePortArg(value(name, inline), name);
        break;
      case '--src':
        o.filter.src = parseEndpointArg(value(name, inline), name);
        break;
      case '--dst':
        o.filter.dst = parseEndpointArg(value(name, inline), name);
        break;
      case '--state':
        o.filter.states = parseStatesArg(value(name, inline), name);
        break;
      case '--family':
        o.filter.family = parseFamilyArg(value(name, inline), name);
        break;
      case '--sort':
        o.sort = parseSortArg(value(name, inline), name);
        break;
      default:
        throw new UsageError(`unknown option ${name} (see tcpwatch --help)`);
    }
  }
  if (o.pid !== undefined && o.netns !== undefined) throw new UsageError('--pid and --netns both name a network namespace: give one');
  if (o.allNetns && (o.pid !== undefined || o.netns !== undefined)) throw new UsageError('--all-netns reads every network namespace: leave out --pid and --netns');
  if (o.allNetns && !o.help && !(o.once || o.command === 'check' || o.command === 'live' || o.command === 'serve')) throw new UsageError('--all-netns works with --once, check, the live TUI and serve');
  if (o.allNetns && !o.help && o.command === 'live' && !o.once && (o.json || o.record !== undefined || o.onAlert !== undefined)) {
    throw new UsageError('live --all-netns is the TUI only: leave out --json, --record and --on-alert (--once --json gives every namespace)');
  }
  if (o.allNetns && o.command === 'serve' && o.record !== undefined) throw new UsageError('serve --all-netns cannot --record: a recording holds one namespace');
  if (o.command === 'analyze' && !o.help && o.args.length !== 1) {
    throw new UsageError('analyze needs one capture: tcpwatch analyze FILE (or - for standard input)');
  }
  if (o.command === 'replay' && !o.help && o.args.length !== 1) {
    throw new UsageError('replay needs one recording: tcpwatch replay FILE (made with --record FILE)');
  }
  if (o.command === 'completion' && !o.help && (o.args.length !== 1 || !(SHELLS as readonly string[]).includes(o.args[0] ?? ''))) {
    throw new UsageError(`completion needs one shell: tcpwatch completion ${SHELLS.join('|')}`);
  }
  if (o.command !== 'analyze' && o.command !== 'replay' && o.command !== 'completion' && o.command !== 'lint' && o.args.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(o.args[0])} (see tcpwatch --help)`);
  }
  return o;
}
