/** The --help text. Kept apart so cli.ts stays about control flow. */
export const HELP = `tcpwatch - live TCP connection-state monitor

Usage:
  tcpwatch                      live monitor (a TUI on a terminal, one line per tick otherwise)
  tcpwatch --once               one table: states, the limits that matter, top destinations
  tcpwatch --once --json        the same as one JSON document
  tcpwatch --json               one JSON document per tick
  tcpwatch analyze FILE|-       the same report from a saved capture (format detected):
                                /proc/net/tcp{,6} text, ss -tan[p], netstat -ant[p]

Options:
  -n, --interval DUR            time between samples: 2s (default), 500ms, 1m; a bare number is seconds
  -1, --once                    take one sample, print it, exit
  -j, --json                    JSON instead of text
      --proc-root DIR           read /proc files from DIR (a host /proc mounted elsewhere, a fixture tree)
      --top N                   destinations to list (default 10)
      --history N               samples of history to keep (default: one hour at the interval)
      --max-cpu PCT             live: CPU share of one core the monitor may use (default 5); the
                                full per-state breakdown is refreshed as often as that allows and is
                                never older than 30 s; TIME_WAIT (sockstat tw) is read every tick
      --format NAME             analyze: the capture's format, when detection is not wanted
      --port-range LO-HI        analyze: the ephemeral port range of the machine the capture came from
      --no-color                no colours (also when NO_COLOR is set)
      --ascii                   ASCII only in the TUI (for LANG=C terminals)
  -h, --help                    this help
  -V, --version                 the version

Keys in the TUI: q quit, p pause, +/- interval, Tab focus, s sort, 4/6/a IPv4/IPv6/all,
Ctrl-Z suspend, ? help.

Exit status: 0 ok, 1 runtime failure, 2 usage error or unreadable capture.
`;
