// Every option and command parseArgs accepts: the value it gives, its default, and each bad value.
// The --on-alert command line itself (where it ends) is in args-alerts.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseArgs, type CliOptions } from '../src/args.js';
import { UsageError } from '../src/errors.js';
import { HELP } from '../src/help.js';

const MB = 1024 * 1024;

beforeEach(() => {
  vi.stubEnv('NO_COLOR', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** What parseArgs([]) gives: written out, so a changed default fails here. */
const DEFAULTS: CliOptions = {
  command: 'live',
  args: [],
  help: false,
  version: false,
  once: false,
  json: false,
  intervalMs: 2000,
  procRoot: undefined,
  color: true,
  ascii: false,
  format: undefined,
  top: 10,
  portRange: undefined,
  historySize: undefined,
  listen: { host: '127.0.0.1', port: 9929 },
  record: undefined,
  recordMaxBytes: 100 * MB,
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

/** Flags: the option and what it turns on. */
const FLAGS: Array<[string, Partial<CliOptions>]> = [
  ['-h', { help: true }],
  ['--help', { help: true }],
  ['-V', { version: true }],
  ['--version', { version: true }],
  ['-1', { once: true }],
  ['--once', { once: true }],
  ['-j', { json: true }],
  ['--json', { json: true }],
  ['--no-color', { color: false }],
  ['--ascii', { ascii: true }],
  ['--processes', { processes: true }],
  ['--prometheus', { prometheus: true }],
  ['--bell', { bell: true }],
];

/** Options with a value: the option, a good value, and what it gives. */
const VALUES: Array<[string, string, Partial<CliOptions>]> = [
  ['-n', '5', { intervalMs: 5000 }],
  ['--interval', '3', { intervalMs: 3000 }], // a bare number is seconds, as for watch -n
  ['--interval', '500ms', { intervalMs: 500 }],
  ['--interval', '1.5s', { intervalMs: 1500 }],
  ['--interval', '1m', { intervalMs: 60_000 }],
  ['--interval', '100ms', { intervalMs: 100 }],
  ['--interval', '60m', { intervalMs: 3_600_000 }],
  ['--proc-root', '/mnt/host/proc', { procRoot: '/mnt/host/proc' }],
  ['--source', 'auto', { source: 'auto' }],
  ['--source', 'linux', { source: 'linux' }],
  ['--source', 'windows', { source: 'windows' }],
  ['--source', 'darwin', { source: 'darwin' }],
  ['--top', '1', { top: 1 }],
  ['--top', '10000', { top: 10_000 }],
  ['--top-netns', '1', { topNetns: 1 }],
  ['--top-netns', '1000', { topNetns: 1000 }],
  ['--history', '1', { historySize: 1 }],
  ['--history', '1000000', { historySize: 1_000_000 }],
  ['--max-cpu', '5', { maxCpu: 0.05 }],
  ['--max-cpu', '5%', { maxCpu: 0.05 }],
  ['--max-cpu', '0.1', { maxCpu: 0.001 }],
  ['--max-cpu', '100', { maxCpu: 1 }],
  ['--format', 'ss', { format: 'ss' }],
  ['--port-range', '32768-60999', { portRange: [32768, 60999] }],
  ['--port-range', '1024:65535', { portRange: [1024, 65535] }],
  ['--port-range', '1,1', { portRange: [1, 1] }],
  ['--port-range', '49152 65535', { portRange: [49152, 65535] }],
  ['--listen', '127.0.0.1:9100', { listen: { host: '127.0.0.1', port: 9100 } }],
  ['--listen', '[::1]:9929', { listen: { host: '::1', port: 9929 } }],
  ['--listen', ':9929', { listen: { host: '::', port: 9929 } }], // every address: an explicit choice
  ['--listen', 'localhost:80', { listen: { host: 'localhost', port: 80 } }],
  ['--listen', '127.0.0.1:0', { listen: { host: '127.0.0.1', port: 0 } }], // any free port (the tests' exporters)
  ['--listen', '127.0.0.1:65535', { listen: { host: '127.0.0.1', port: 65535 } }],
  ['--record', 'run.jsonl', { record: 'run.jsonl' }],
  ['--record-max', '1', { recordMaxBytes: MB }],
  ['--record-max', '1000000', { recordMaxBytes: 1_000_000 * MB }],
  ['--pid', '1', { pid: 1 }],
  ['--netns', 'web', { netns: 'web' }],
  ['--netns', '/proc/1/ns/net', { netns: '/proc/1/ns/net' }],
  ['--pid', '4194304', { pid: 4_194_304 }], // the kernel's pid_max ceiling
  ['--at', '+30s', { at: '+30s' }], // read by replay, which knows the recording's times
  ['--root', '/mnt/image', { root: '/mnt/image' }], // read by lint
  // filters, as ss users write them
  ['--port', '8080', { filter: { port: 8080 } }],
  ['--port', '65535', { filter: { port: 65535 } }],
  ['--dst', '10.0.0.9:8080', { filter: { dst: { addr: '10.0.0.9', port: 8080 } } }],
  ['--dst', '10.0.0.9', { filter: { dst: { addr: '10.0.0.9' } } }],
  ['--dst', ':443', { filter: { dst: { port: 443 } } }],
  ['--dst', '[::1]:80', { filter: { dst: { addr: '::1', port: 80 } } }],
  ['--dst', '[2001:DB8:0:0::1]', { filter: { dst: { addr: '2001:db8:0:0::1' } } }], // compared canonical (test/tally/row-filter.test.ts)
  ['--dst', '2001:db8::1', { filter: { dst: { addr: '2001:db8::1' } } }], // no port without brackets
  ['--dst', '[::ffff:10.0.0.9]:5432', { filter: { dst: { addr: '::ffff:10.0.0.9', port: 5432 } } }],
  ['--src', '127.0.0.1:5000', { filter: { src: { addr: '127.0.0.1', port: 5000 } } }],
  ['--state', 'time-wait', { filter: { states: ['TIME_WAIT'] } }],
  ['--state', 'CLOSE_WAIT,established', { filter: { states: ['ESTABLISHED', 'CLOSE_WAIT'] } }],
  ['--state', 'Fin-Wait-1,FIN_WAIT2,listening', { filter: { states: ['FIN_WAIT1', 'FIN_WAIT2', 'LISTEN'] } }],
  ['--state', 'bucket', { filter: { states: ['SYN_RECV', 'TIME_WAIT'] } }],
  ['--state', 'connected', { filter: { states: ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING'] } }],
  ['--state', 'synchronized', { filter: { states: ['ESTABLISHED', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING'] } }],
  ['--family', '4', { filter: { family: 4 } }],
  ['--family', 'inet6', { filter: { family: 6 } }],
  ['--sort', 'time_wait', { sort: 'time_wait' }],
  ['--sort', 'new_per_s', { sort: 'new_per_s' }], // checked against the sample: its destinations must carry the rate
  ['--speed', '1', { speed: 1 }],
  ['--speed', '10x', { speed: 10 }],
  ['--speed', '0.5', { speed: 0.5 }],
  ['--speed', '10000', { speed: 10_000 }],
  ['--config', 'tcpwatch.json', { config: 'tcpwatch.json' }],
  ['--set', 'tw_buckets.warning=70', { settings: ['tw_buckets.warning=70'] }],
  ['--check-window', '2s', { checkWindowMs: 2000 }],
  ['--check-window', '0', { checkWindowMs: 0 }],
  ['--check-window', '0ms', { checkWindowMs: 0 }],
  ['--check-window', '0s', { checkWindowMs: 0 }],
  ['--on-alert-timeout', '3s', { onAlertTimeoutMs: 3000 }],
];

/** Bad values: the command line, and what the message must say (it starts with the option). */
const BAD_VALUES: Array<[string, string, RegExp]> = [
  // not a duration
  ['-n', '2h', /^-n: "2h" is not a duration \(try 2s, 500ms, 1m\)$/],
  ['--interval', '2sec', /^--interval: "2sec" is not a duration/],
  ['--interval', '', /^--interval: "" is not a duration/],
  ['--interval', '-1s', /^--interval: "-1s" is not a duration/],
  ['--on-alert-timeout', 'soon', /^--on-alert-timeout: "soon" is not a duration/],
  ['--check-window', '1h', /^--check-window: "1h" is not a duration/],
  // durations out of range
  ['--interval', '99ms', /^--interval: 99ms is out of range \(100ms to 1h\)$/],
  ['--interval', '0', /^--interval: 0 is out of range/],
  ['--interval', '3601s', /^--interval: 3601s is out of range/],
  ['--interval', '61m', /^--interval: 61m is out of range/],
  ['--on-alert-timeout', '50ms', /^--on-alert-timeout: 50ms is out of range/],
  ['--check-window', '50ms', /^--check-window: 50ms is out of range/],
  // whole numbers
  ['--top', '0', /^--top: "0" is not a whole number from 1 to 10000$/],
  ['--top-netns', '0', /^--top-netns: "0" is not a whole number from 1 to 1000$/],
  ['--top-netns', '1001', /^--top-netns: "1001" is not a whole number from 1 to 1000$/],
  ['--top', '10001', /^--top: "10001" is not a whole number from 1 to 10000$/],
  ['--top', '1.5', /^--top: "1.5" is not a whole number/],
  ['--top', 'ten', /^--top: "ten" is not a whole number/],
  ['--top', '-1', /^--top: "-1" is not a whole number/],
  ['--history', '0', /^--history: "0" is not a whole number from 1 to 1000000$/],
  ['--history', '1000001', /^--history: "1000001" is not a whole number from 1 to 1000000$/],
  ['--record-max', '0', /^--record-max \(MB\): "0" is not a whole number from 1 to 1000000$/],
  ['--record-max', '1000001', /^--record-max \(MB\): "1000001" is not a whole number/],
  ['--record-max', '100MB', /^--record-max \(MB\): "100MB" is not a whole number/],
  ['--pid', '0', /^--pid: "0" is not a whole number from 1 to 4194304$/],
  ['--pid', '4194305', /^--pid: "4194305" is not a whole number from 1 to 4194304$/],
  ['--pid', 'nginx', /^--pid: "nginx" is not a whole number/],
  // percentages
  ['--max-cpu', '0', /^--max-cpu: "0" is not a percentage from 0.1 to 100$/],
  ['--max-cpu', '0.05', /^--max-cpu: "0.05" is not a percentage/],
  ['--max-cpu', '101', /^--max-cpu: "101" is not a percentage/],
  ['--max-cpu', 'half', /^--max-cpu: "half" is not a percentage/],
  // port ranges
  ['--port-range', '1024', /^--port-range: "1024" is not a port range LO-HI within 1-65535$/],
  ['--port-range', '0-100', /^--port-range: "0-100" is not a port range/],
  ['--port-range', '1-65536', /^--port-range: "1-65536" is not a port range/],
  ['--port-range', '200-100', /^--port-range: "200-100" is not a port range/],
  ['--port-range', 'low-high', /^--port-range: "low-high" is not a port range/],
  // listen addresses
  ['--listen', '9929', /^--listen: "9929" is not HOST:PORT \(e\.g\. 127\.0\.0\.1:9929, \[::1\]:9929, :9929 for all addresses\)$/],
  ['--listen', '::1:9929', /^--listen: "::1:9929" is not HOST:PORT/], // IPv6 needs its brackets
  ['--listen', '127.0.0.1:9929:1', /^--listen: "127.0.0.1:9929:1" is not HOST:PORT/],
  // the shape is right, the port is not: say what is wrong with it
  ['--listen', '127.0.0.1:65536', /^--listen: "127.0.0.1:65536": port 65536 is out of range \(1 to 65535, or 0 for any free port\)$/],
  ['--listen', '127.0.0.1:99999', /^--listen: "127.0.0.1:99999": port 99999 is out of range/],
  ['--listen', '[::1]:123456789012345678901', /^--listen: "\[::1\]:123456789012345678901": port 123456789012345678901 is out of range/],
  ['--listen', ':-1', /^--listen: ":-1": port -1 is out of range/],
  ['--listen', '127.0.0.1:', /^--listen: "127.0.0.1:": the port is missing after the colon \(e\.g\. 127\.0\.0\.1:9929\)$/],
  ['--listen', '[::1]:', /^--listen: "\[::1\]:": the port is missing after the colon/],
  ['--listen', '127.0.0.1:abc', /^--listen: "127.0.0.1:abc": the port "abc" is not a number \(e\.g\. 127\.0\.0\.1:9929\)$/],
  ['--listen', 'localhost:http', /^--listen: "localhost:http": the port "http" is not a number/],
  ['--listen', '256.1.1.1:9929', /^--listen: "256.1.1.1:9929": "256.1.1.1" is not an IPv4 address$/], // never sent to the resolver as a name
  ['--listen', '[::1::2]:9929', /^--listen: "\[::1::2\]:9929": \[::1::2\] is not an IPv6 address$/],
  // speeds
  ['--speed', '0', /^--speed: "0" is not a speed from 0.01 to 10000 \(e\.g\. 1, 10x\)$/],
  ['--speed', '10001', /^--speed: "10001" is not a speed/],
  ['--speed', 'fast', /^--speed: "fast" is not a speed/],
  // filters
  ['--port', '0', /^--port: "0" is not a port from 1 to 65535$/],
  ['--port', '65536', /^--port: "65536" is not a port/],
  ['--port', 'http', /^--port: "http" is not a port/],
  ['--dst', 'example.com:80', /^--dst: "example.com:80" is not ADDR\[:PORT\] \(e\.g\. 10\.0\.0\.5, 10\.0\.0\.5:443, \[::1\]:80, :8080\)$/],
  ['--dst', '10.0.0.256', /^--dst: "10.0.0.256" is not ADDR\[:PORT\]/],
  ['--dst', '10.0.0.1:70000', /^--dst: "10.0.0.1:70000" is not ADDR\[:PORT\]/],
  ['--dst', '', /^--dst: "" is not ADDR\[:PORT\]/],
  ['--src', '*:80', /^--src: "\*:80" is not ADDR\[:PORT\]/],
  ['--state', 'waiting', /^--state: "waiting" is not a TCP state \(ss or netstat names: .*; groups: all, bucket, big, connected, synchronized\)$/],
  ['--state', 'established,', /^--state: "" is not a TCP state/],
  ['--family', '5', /^--family: "5" is not 4 or 6$/],
  ['--sort', 'ports_in_use', /^--sort: "ports_in_use" is not one of ports, time_wait, close_wait, new_per_s$/],
  // sources
  ['--source', 'bsd', /^--source: "bsd" is not one of auto, linux, windows, darwin$/],
  ['--source', 'Linux', /^--source: "Linux" is not one of/],
];

const UNKNOWN = ['--frobnicate', '-x', '--Once', '--no-colour', '--interval-ms', '-nx'];

/** The UsageError parseArgs throws for argv (and that it is one: code EUSAGE, exit status 2). */
function usageError(argv: string[]): UsageError {
  let thrown: unknown;
  try {
    parseArgs(argv);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `parseArgs(${JSON.stringify(argv)})`).toBeInstanceOf(UsageError);
  const e = thrown as UsageError;
  expect(e.code).toBe('EUSAGE');
  expect(e.exitCode).toBe(2);
  return e;
}

const valueOptions = [...new Set(VALUES.map(([option]) => option))];

describe('parseArgs: defaults', () => {
  it('no arguments: the live monitor with every default', () => {
    expect(parseArgs([])).toEqual(DEFAULTS);
  });

  it('colour is off by default when NO_COLOR is set', () => {
    vi.stubEnv('NO_COLOR', '1');
    expect(parseArgs([]).color).toBe(false);
  });

  it('every option the help lists is tested here, and nothing the help leaves out', () => {
    const inHelp = new Set([...HELP.matchAll(/(?<![\w-])--[a-z][a-z-]*/g), ...HELP.matchAll(/^ +(-\w),/gm)].map((m) => m[1] ?? m[0]));
    const tested = new Set([...FLAGS.map(([f]) => f), ...valueOptions, '--on-alert', '--all-netns']);
    expect(inHelp.size).toBeGreaterThan(25);
    expect([...tested].sort()).toEqual([...inHelp].sort());
  });
});

describe('parseArgs: --all-netns', () => {
  it('with --once, with check, live (the TUI) and serve', () => {
    expect(parseArgs(['--once', '--all-netns'])).toEqual({ ...DEFAULTS, once: true, allNetns: true });
    expect(parseArgs(['check', '--all-netns'])).toEqual({ ...DEFAULTS, command: 'check', allNetns: true });
    expect(parseArgs(['--all-netns'])).toEqual({ ...DEFAULTS, allNetns: true });
    expect(parseArgs(['serve', '--all-netns', '--top-netns', '3'])).toEqual({ ...DEFAULTS, command: 'serve', allNetns: true, topNetns: 3 });
  });
  it.each([
    [['analyze', 'x', '--all-netns'], /^--all-netns works with --once, check, the live TUI and serve/],
    [['--all-netns', '--json'], /^live --all-netns is the TUI only: leave out --json, --record and --on-alert/],
    [['--all-netns', '--record', 'x.jsonl'], /^live --all-netns is the TUI only/],
    [['--all-netns', '--on-alert', 'true'], /^live --all-netns is the TUI only/],
    [['serve', '--all-netns', '--record', 'x.jsonl'], /^serve --all-netns cannot --record: a recording holds one namespace$/],
    [['--once', '--all-netns', '--pid', '1'], /^--all-netns reads every network namespace: leave out --pid and --netns$/],
    [['--once', '--pid', '1', '--netns', 'x'], /^--pid and --netns both name a network namespace: give one$/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('parseArgs: flags', () => {
  it.each(FLAGS)('%s', (flag, want) => {
    expect(parseArgs([flag])).toEqual({ ...DEFAULTS, ...want });
  });
});

describe('parseArgs: options with a value', () => {
  it.each(VALUES)('%s %s', (option, value, want) => {
    expect(parseArgs([option, value])).toEqual({ ...DEFAULTS, ...want });
    // --name=VALUE is the same (short options take their value as the next argument only)
    if (option.startsWith('--')) expect(parseArgs([`${option}=${value}`])).toEqual({ ...DEFAULTS, ...want });
  });

  it('a value may start with a dash or contain "="', () => {
    expect(parseArgs(['--proc-root', '-odd-dir']).procRoot).toBe('-odd-dir');
    expect(parseArgs(['--set=close_wait_leak.window=20m']).settings).toEqual(['close_wait_leak.window=20m']);
  });

  it('a repeated option: the last wins, but --set adds to the list in order', () => {
    expect(parseArgs(['--top', '5', '--top', '7']).top).toBe(7);
    expect(parseArgs(['--set', 'a=1', '--set', 'b=2', '--set', 'a=3']).settings).toEqual(['a=1', 'b=2', 'a=3']);
  });

  it('--on-alert takes the command and its arguments', () => {
    expect(parseArgs(['--on-alert', 'logger', '-t', 'tcpwatch'])).toEqual({ ...DEFAULTS, onAlert: ['logger', '-t', 'tcpwatch'] });
  });
});

describe('parseArgs: bad values are usage errors that name the option', () => {
  it.each(valueOptions)('%s without its value', (option) => {
    const e = usageError([option]);
    expect(e.message).toBe(`${option} needs a value`);
  });

  it('--on-alert without a command', () => {
    expect(usageError(['--on-alert']).message).toBe('--on-alert needs a command: --on-alert CMD [ARG...] [--]');
    expect(usageError(['--on-alert=']).message).toMatch(/^--on-alert needs a command/);
  });

  it.each(BAD_VALUES)('%s %j', (option, value, message) => {
    expect(usageError([option, value]).message).toMatch(message);
    if (option.startsWith('--')) expect(usageError([`${option}=${value}`]).message).toMatch(message);
  });

  it.each(UNKNOWN)('unknown option %s', (option) => {
    expect(usageError([option]).message).toBe(`unknown option ${option} (see tcpwatch --help)`);
    expect(usageError(['check', option]).message).toBe(`unknown option ${option} (see tcpwatch --help)`);
  });

  it('an unknown --name=VALUE is named without its value', () => {
    expect(usageError(['--frobnicate=1']).message).toBe('unknown option --frobnicate (see tcpwatch --help)');
  });
});

describe('parseArgs: commands', () => {
  it.each(['check', 'serve', 'advise', 'rules'] as const)('%s', (command) => {
    expect(parseArgs([command])).toEqual({ ...DEFAULTS, command });
  });

  it('analyze FILE, or - for standard input', () => {
    expect(parseArgs(['analyze', 'capture.txt'])).toEqual({ ...DEFAULTS, command: 'analyze', args: ['capture.txt'] });
    expect(parseArgs(['analyze', '-']).args).toEqual(['-']);
    // after --, a file name that looks like an option
    expect(parseArgs(['analyze', '--', '--capture.txt']).args).toEqual(['--capture.txt']);
  });

  it('replay FILE', () => {
    expect(parseArgs(['replay', 'run.jsonl'])).toEqual({ ...DEFAULTS, command: 'replay', args: ['run.jsonl'] });
  });

  it.each(['bash', 'zsh', 'fish'])('completion %s', (shell) => {
    expect(parseArgs(['completion', shell])).toEqual({ ...DEFAULTS, command: 'completion', args: [shell] });
  });

  it('lint [FILE...]: none (the sysctl --system files), one or several', () => {
    expect(parseArgs(['lint'])).toEqual({ ...DEFAULTS, command: 'lint' });
    expect(parseArgs(['lint', '/etc/sysctl.conf'])).toEqual({ ...DEFAULTS, command: 'lint', args: ['/etc/sysctl.conf'] });
    expect(parseArgs(['lint', 'a.conf', '--json', 'b.conf'])).toEqual({ ...DEFAULTS, command: 'lint', json: true, args: ['a.conf', 'b.conf'] });
  });

  it('options go before or after the command', () => {
    expect(parseArgs(['--json', 'check', '--top', '3'])).toEqual({ ...DEFAULTS, command: 'check', json: true, top: 3 });
    expect(parseArgs(['--format', 'ss', 'analyze', 'x.txt', '--port-range', '1024-2047'])).toMatchObject({ command: 'analyze', args: ['x.txt'], format: 'ss', portRange: [1024, 2047] });
  });

  it('--help needs no FILE for analyze or replay', () => {
    expect(parseArgs(['analyze', '--help'])).toMatchObject({ command: 'analyze', help: true, args: [] });
    expect(parseArgs(['replay', '--help'])).toMatchObject({ command: 'replay', help: true, args: [] });
  });

  it.each([
    [['analyze'], 'analyze needs one capture: tcpwatch analyze FILE (or - for standard input)'],
    [['analyze', 'a.txt', 'b.txt'], 'analyze needs one capture: tcpwatch analyze FILE (or - for standard input)'],
    [['replay'], 'replay needs one recording: tcpwatch replay FILE (made with --record FILE)'],
    [['replay', 'a.jsonl', 'b.jsonl'], 'replay needs one recording: tcpwatch replay FILE (made with --record FILE)'],
    [['check', 'extra'], 'unexpected argument "extra" (see tcpwatch --help)'],
    [['serve', '9929'], 'unexpected argument "9929" (see tcpwatch --help)'],
    [['status'], 'unexpected argument "status" (see tcpwatch --help)'], // not a command
    [['live'], 'unexpected argument "live" (see tcpwatch --help)'], // the default, never named
    [['check', 'serve'], 'unexpected argument "serve" (see tcpwatch --help)'], // one command only
    [['--', 'check'], 'unexpected argument "check" (see tcpwatch --help)'], // after --, not a command
    [['-'], 'unexpected argument "-" (see tcpwatch --help)'],
    [['completion'], 'completion needs one shell: tcpwatch completion bash|zsh|fish'],
    [['completion', 'tcsh'], 'completion needs one shell: tcpwatch completion bash|zsh|fish'],
    [['completion', 'bash', 'zsh'], 'completion needs one shell: tcpwatch completion bash|zsh|fish'],
  ])('%j: a usage error naming the command or the argument', (argv, message) => {
    expect(usageError(argv).message).toBe(message);
  });
});
