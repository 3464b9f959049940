/**
 * Every command and option tcpwatch takes, described once: --help (help.ts), the man page
 * (man-page.ts) and the shell completions (completion/) are rendered from these lists. An option
 * added here shows in all three; args.ts parses it.
 */
import { SHELLS } from './completion/shells.js';
import { FORMATS } from './parse/formats.js';
import { SOURCE_NAMES } from './source/names.js';
import { SS_STATE_NAMES } from './states.js';
import { SORT_KEYS } from './tally/destination-order.js';
import { STATE_GROUP_NAMES } from './tally/filter-spec.js';

/**
 * What completion offers for a value: a fixed list, files, folders, program names, running
 * processes' pids, network namespaces (the names under /run/netns, files for a word that starts
 * with / or .), or nothing known.
 */
export type Values = readonly string[] | 'file' | 'dir' | 'command' | 'pid' | 'netns';

export interface UsageLine {
  /** after `tcpwatch`: `analyze FILE|-`, `--once --json`, or '' for the bare command */
  synopsis: string;
  /** as --help prints it: one string per line beside the synopsis (the man page fills them into a paragraph) */
  help: readonly string[];
  /** the command's positional argument, for completion */
  args?: Values;
}

export interface OptionDoc {
  long: `--${string}`;
  short?: `-${string}`;
  /** the value's name (`DUR`); none for a flag */
  arg?: string;
  values?: Values;
  /** may be given more than once (each adds) */
  repeats?: boolean;
  help: readonly string[];
}

export interface OptionSection {
  title: string;
  /** the man page's section heading */
  man: string;
  options: readonly OptionDoc[];
}

/** A paragraph after the options: its heading starts the first line in --help, heads a section in the man page. */
export interface Note {
  heading: string;
  man: string;
  help: readonly string[];
}

export const SUMMARY = 'live TCP connection-state monitor';

/** What the man page says tcpwatch is for, before the commands. */
export const DESCRIPTION: readonly string[] = [
  'tcpwatch counts TCP connections by state, live or once, and compares them with the kernel limits',
  'that matter: TIME_WAIT against tcp_max_tw_buckets, ephemeral ports per destination, CLOSE_WAIT,',
  'listen queues, SYN_RECV, orphans, conntrack. It says which limit is near, who is causing it, and',
  'the fix. On Linux it reads /proc and the kernel sock_diag interface (no root needed); on Windows',
  'and macOS, netstat. It also reads captures of netstat or ss made elsewhere, serves Prometheus',
  'metrics, and records and replays what it saw.',
];

export const USAGE: readonly UsageLine[] = [
  { synopsis: '', help: ['live monitor (a TUI on a terminal, one line per tick otherwise)'] },
  { synopsis: '--once', help: ['one table: states, the limits that matter, top destinations'] },
  { synopsis: '--once --json', help: ['the same as one JSON document'] },
  { synopsis: '--json', help: ['one JSON document per tick'] },
  {
    synopsis: 'analyze FILE|-',
    help: ['the same report from a saved capture (format detected):', '/proc/net/tcp{,6} text, ss -tan[p], netstat -ant[p],', 'Windows netstat -ano / -an (any language, UTF-16 too),', 'macOS / FreeBSD netstat -an -p tcp'],
    args: 'file',
  },
  {
    synopsis: 'check',
    help: ['one monitoring-plugin line (Nagios/Icinga): exit 0 OK, 1 WARNING,', '2 CRITICAL, 3 UNKNOWN; two samples --check-window apart (default 1s)'],
  },
  {
    synopsis: 'advise',
    help: ['the sysctls in force explained for this kernel, what works against', 'TIME_WAIT and port exhaustion, the tuning myths (with --json)'],
  },
  { synopsis: 'rules', help: ['the alert thresholds in force (defaults, --config, --set)'] },
  { synopsis: 'rules --prometheus', help: ["the same rules as Prometheus alerting rules over serve's metrics,", 'for scrapes every --set prometheus.interval (default --interval)'] },
  { synopsis: 'serve', help: ['Prometheus exporter: /metrics on 127.0.0.1:9929 (see --listen)'] },
  {
    synopsis: 'replay FILE',
    help: ['play a recording made with --record: the TUI on a terminal, lines', 'otherwise; --once/--json --at TIME: one moment'],
    args: 'file',
  },
  { synopsis: 'completion SHELL', help: ['the completion script for SHELL: bash, zsh or fish'], args: SHELLS },
  {
    synopsis: 'lint [FILE...]',
    help: [
      'check sysctl files before they are applied, against this kernel:',
      'errors (removed, refused, harmful), warnings (risky), info (does not',
      'do what it is said to); without FILE the files sysctl applies at',
      'boot (/etc/sysctl.d, ...), in its order; --json; exit 1 on an error',
    ],
    args: 'file',
  },
];

export const OPTION_SECTIONS: readonly OptionSection[] = [
  {
    title: 'Options',
    man: 'OPTIONS',
    options: [
      { long: '--interval', short: '-n', arg: 'DUR', help: ['time between samples: 2s (default), 500ms, 1m; a bare number is seconds'] },
      { long: '--once', short: '-1', help: ['take one sample, print it, exit'] },
      { long: '--json', short: '-j', help: ['JSON instead of text'] },
      { long: '--proc-root', arg: 'DIR', values: 'dir', help: ['read /proc files from DIR (a host /proc mounted elsewhere, a fixture tree)'] },
      {
        long: '--source',
        arg: 'NAME',
        values: SOURCE_NAMES,
        help: [
          'where samples come from: auto (default, by platform), linux,',
          'windows (netstat, netsh, reg), darwin (netstat, sysctl); linux reads',
          'the table through sock_diag (its addon ships prebuilt), else',
          '/proc/net/tcp (always with --proc-root, or env TCPWATCH_TABLE=procfs)',
        ],
      },
      { long: '--top', arg: 'N', help: ['destinations to list (default 10)'] },
      { long: '--sort', arg: 'KEY', values: SORT_KEYS, help: ['--once: destinations by ports (default), time_wait, close_wait or', 'new_per_s'] },
      { long: '--history', arg: 'N', help: ['samples of history to keep (default: one hour at the interval)'] },
      {
        long: '--max-cpu',
        arg: 'PCT',
        help: [
          'live, serve: CPU share of one core the monitor may use (live: default 5;',
          'serve: default none, each scrape asks for one full sample); the full',
          'per-state breakdown is refreshed as often as that allows and is never',
          'older than 30 s; TIME_WAIT (sockstat tw) is read every tick',
        ],
      },
      { long: '--format', arg: 'NAME', values: FORMATS.map((f) => f.name), help: ["analyze: the capture's format, when detection is not wanted"] },
      { long: '--port-range', arg: 'LO-HI', help: ['analyze: the ephemeral port range of the machine the capture came from'] },
      { long: '--listen', arg: 'HOST:PORT', help: ['serve: where to listen (default 127.0.0.1:9929; :9929 is every address)'] },
      { long: '--record', arg: 'FILE', values: 'file', help: ['append one JSON line per sample to FILE (live and serve)'] },
      { long: '--record-max', arg: 'MB', help: ['rotate FILE to FILE.1 when it would pass MB (default 100)'] },
      {
        long: '--pid',
        arg: 'PID',
        values: 'pid',
        help: ["watch the network namespace of process PID (a container's): its", 'connections, counters and sysctls (entering it needs root; else', '/proc/PID/net, and its limits are unknown)'],
      },
      { long: '--netns', arg: 'NAME|PATH', values: 'netns', help: ['watch a network namespace by its ip-netns name or nsfs path,', 'also with no process in it (root)'] },
      {
        long: '--all-netns',
        help: [
          '--once, check, the TUI: every network namespace on the host, each',
          'judged by its own limits, worst first (named by ip-netns name,',
          'container and pod); check: the worst decides; the TUI starts on',
          'the list (Enter opens one, N goes back); serve: every series per',
          'namespace with a netns label (see --top-netns)',
        ],
      },
      { long: '--top-netns', arg: 'N', help: ['serve --all-netns: namespaces exported one by one, most sockets', 'first (default 10); the rest summed under netns="other"'] },
      {
        long: '--processes',
        help: ['--once/--json: which processes own LISTEN, ESTABLISHED, CLOSE_WAIT', "(scans /proc/*/fd, at most 2 s; other users' need root)"],
      },
      {
        long: '--at',
        arg: 'TIME',
        help: ['replay: the moment to show (--once; default the end) or to start', 'from: ISO time, HH:MM[:SS] UTC, +DUR from the start, -DUR before the end'],
      },
      { long: '--speed', arg: 'N', help: ['replay: play at N times the recorded pace (default: all at once)'] },
      { long: '--root', arg: 'DIR', values: 'dir', help: ["lint: read /etc/sysctl.d and the rest under DIR (an image's root)"] },
      { long: '--no-color', help: ['no colours (also when NO_COLOR is set)'] },
      { long: '--ascii', help: ['ASCII only in the TUI (for LANG=C terminals)'] },
      { long: '--help', short: '-h', help: ['this help'] },
      { long: '--version', short: '-V', help: ['the version, Node.js, and how the TCP table is read (and why)'] },
    ],
  },
  {
    title: 'Filters (--once, --json, the line mode, the TUI, serve: the sockets counted; several combine)',
    man: 'FILTERS',
    options: [
      { long: '--port', arg: 'P', help: ['sockets with P at either end'] },
      { long: '--src', arg: 'ADDR[:PORT]', help: ['by local address and/or port (IPv6 in brackets: [::1]:80; :8080)'] },
      { long: '--dst', arg: 'ADDR[:PORT]', help: ['by remote address and/or port'] },
      {
        long: '--state',
        arg: 'S[,S...]',
        values: [...SS_STATE_NAMES, ...STATE_GROUP_NAMES],
        help: ['by state, as ss or netstat name it (time-wait, CLOSE_WAIT, listen,', "...), or ss's groups: connected, synchronized, bucket, big, all"],
      },
      { long: '--family', arg: '4|6', values: ['4', '6'], help: ['IPv4 or IPv6 sockets only'] },
    ],
  },
  {
    title: 'Alerts',
    man: 'ALERT OPTIONS',
    options: [
      { long: '--config', arg: 'FILE', values: 'file', help: ['thresholds (and on_alert) from a JSON file; see', 'fixtures/config/tcpwatch.sample.json (in the installed package too)'] },
      { long: '--set', arg: 'KEY=VALUE', repeats: true, help: ['one threshold, e.g. tw_buckets.warning=70 (repeatable; after --config)'] },
      {
        long: '--check-window',
        arg: 'DUR',
        help: ['check, --once, advise: take a second sample DUR after the first so', 'counter increases (TCPTimeWaitOverflow, ListenDrops) count; 0 = one', '(default: check 1s; --once, advise re-read the O(1) counters 0.5s on)'],
      },
      {
        long: '--on-alert',
        arg: 'CMD [ARG...] [--]',
        values: 'command',
        help: ['live: run CMD on every raised or cleared alert, the event as JSON on', 'stdin (env TCPWATCH_EVENT, TCPWATCH_RULE, TCPWATCH_LEVEL); no shell;', 'runs one at a time in the background; failures are logged'],
      },
      { long: '--on-alert-timeout', arg: 'DUR', help: ['kill a hook run after DUR (default 10s)'] },
      { long: '--bell', help: ['TUI: ring the terminal bell when an alert is raised'] },
    ],
  },
];

/** Environment variables tcpwatch reads, listed like options. */
export const ENVIRONMENT: readonly { name: string; help: readonly string[] }[] = [
  { name: 'NO_COLOR', help: ['no colours, as --no-color'] },
  { name: 'TCPWATCH_TABLE=procfs', help: ['read the TCP table from /proc/net/tcp{,6}, not through sock_diag'] },
  { name: 'TCPWATCH_SOCKDIAG=build', help: ['take the sock_diag addon built from source (npm run build:addon)', 'instead of the prebuilt one'] },
];

export const NOTES: readonly Note[] = [
  {
    heading: 'Keys in the TUI',
    man: 'KEYS',
    help: [
      'q quit, p pause, +/- interval, Tab/Shift-Tab next/previous panel, Up/Down scroll,',
      's sort, 4/6/a IPv4/IPv6/all, A advisor, P socket owners, Ctrl-Z suspend, ? help; with',
      '--all-netns N the namespaces list (Up/Down select, Enter open, N back); in a replay',
      'Left/Right a sample, [ ] a minute.',
    ],
  },
  {
    heading: 'Exit status',
    man: 'EXIT STATUS',
    help: [
      '0 ok, 1 runtime failure, 2 usage or config error or unreadable capture',
      '(check: 0-3 as above, UNKNOWN also for bad flags or an unreadable /proc), 141 the reader of',
      'stdout went away (a closed pipe: | head), 1 (check: 3) stdout failed otherwise (a full disk);',
      'the line mode ends 0 on SIGINT, SIGTERM or SIGHUP (the TUI: 130, 143, by SIGHUP).',
    ],
  },
];

/** Every option, in the order --help lists them. */
export const ALL_OPTIONS: readonly OptionDoc[] = OPTION_SECTIONS.flatMap((s) => s.options);

/** The commands (the first word of a synopsis that is not an option), in order. */
export const COMMAND_NAMES: readonly string[] = [...new Set(USAGE.map((u) => u.synopsis.split(' ')[0] ?? '').filter((w) => w !== '' && !w.startsWith('-')))];

/** A command's positional argument, for completion. */
export const commandArgs = (name: string): Values | undefined => USAGE.find((u) => u.args !== undefined && u.synopsis.split(' ')[0] === name)?.args;

/** `-n, --interval DUR`: how --help and the man page name an option. */
export const optionLabel = (o: OptionDoc): string => `${o.short ? `${o.short}, ` : ''}${o.long}${o.arg ? ` ${o.arg}` : ''}`;
