/** The --help text. Kept apart so cli.ts stays about control flow. */
export const HELP = `tcpwatch - live TCP connection-state monitor

Usage:
  tcpwatch                      live monitor (a TUI on a terminal, one line per tick otherwise)
  tcpwatch --once               one table: states, the limits that matter, top destinations
  tcpwatch --once --json        the same as one JSON document
  tcpwatch --json               one JSON document per tick
  tcpwatch analyze FILE|-       the same report from a saved capture (format detected):
                                /proc/net/tcp{,6} text, ss -tan[p], netstat -ant[p],
                                Windows netstat -ano / -an (any language, UTF-16 too),
                                macOS / FreeBSD netstat -an -p tcp
  tcpwatch check                one monitoring-plugin line (Nagios/Icinga): exit 0 OK, 1 WARNING,
                                2 CRITICAL, 3 UNKNOWN; two samples --check-window apart (default 1s)
  tcpwatch advise               the sysctls in force explained for this kernel, what works against
                                TIME_WAIT and port exhaustion, the tuning myths (with --json)
  tcpwatch rules                the alert thresholds in force (defaults, --config, --set)
  tcpwatch rules --prometheus   the same rules as Prometheus alerting rules over serve's metrics,
                                for scrapes every --set prometheus.interval (default --interval)
  tcpwatch serve                Prometheus exporter: /metrics on 127.0.0.1:9929 (see --listen)
  tcpwatch replay FILE          play a recording made with --record: the TUI on a terminal, lines
                                otherwise; --once/--json --at TIME: one moment

Options:
  -n, --interval DUR            time between samples: 2s (default), 500ms, 1m; a bare number is seconds
  -1, --once                    take one sample, print it, exit
  -j, --json                    JSON instead of text
      --proc-root DIR           read /proc files from DIR (a host /proc mounted elsewhere, a fixture tree)
      --source NAME             where samples come from: auto (default, by platform), linux,
                                windows (netstat, netsh, reg), darwin (netstat, sysctl); linux reads
                                the table through sock_diag when its optional addon is built, else
                                /proc/net/tcp (always with --proc-root, or env TCPWATCH_TABLE=procfs)
      --top N                   destinations to list (default 10)
      --history N               samples of history to keep (default: one hour at the interval)
      --max-cpu PCT             live, serve: CPU share of one core the monitor may use (default 5); the
                                full per-state breakdown is refreshed as often as that allows and is
                                never older than 30 s; TIME_WAIT (sockstat tw) is read every tick
      --format NAME             analyze: the capture's format, when detection is not wanted
      --port-range LO-HI        analyze: the ephemeral port range of the machine the capture came from
      --listen HOST:PORT        serve: where to listen (default 127.0.0.1:9929; :9929 is every address)
      --record FILE             append one JSON line per sample to FILE (live and serve)
      --record-max MB           rotate FILE to FILE.1 when it would pass MB (default 100)
      --pid PID                 watch the network namespace of process PID (a container's), via
                                /proc/PID/net; limits (sysctls) stay tcpwatch's own namespace's
      --processes               --once/--json: which processes own LISTEN, ESTABLISHED, CLOSE_WAIT
                                (scans /proc/*/fd, at most 2 s; other users' need root)
      --at TIME                 replay: the moment to show (--once; default the end) or to start
                                from: ISO time, HH:MM[:SS] UTC, +DUR from the start, -DUR before the end
      --speed N                 replay: play at N times the recorded pace (default: all at once)
      --no-color                no colours (also when NO_COLOR is set)
      --ascii                   ASCII only in the TUI (for LANG=C terminals)
  -h, --help                    this help
  -V, --version                 the version

Alerts:
      --config FILE             thresholds (and on_alert) from a JSON file; see fixtures/config/tcpwatch.sample.json
      --set KEY=VALUE           one threshold, e.g. tw_buckets.warning=70 (repeatable; after --config)
      --check-window DUR        check, --once, advise: take a second sample DUR after the first so
                                counter increases (TCPTimeWaitOverflow, ListenDrops) count; 0 = one
      --on-alert CMD [ARG...] [--]
                                live: run CMD on every raised or cleared alert, the event as JSON on
                                stdin (env TCPWATCH_EVENT, TCPWATCH_RULE, TCPWATCH_LEVEL); no shell;
                                runs one at a time in the background; failures are logged
      --on-alert-timeout DUR    kill a hook run after DUR (default 10s)
      --bell                    TUI: ring the terminal bell when an alert is raised

Keys in the TUI: q quit, p pause, +/- interval, Tab focus, s sort, 4/6/a IPv4/IPv6/all,
P socket owners, Ctrl-Z suspend, ? help.

Exit status: 0 ok, 1 runtime failure, 2 usage or config error or unreadable capture
(check: 0-3 as above, UNKNOWN also for bad flags or an unreadable /proc).
`;
