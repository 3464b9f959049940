/**
 * The programs whose short connections usually fill a destination's ports, told apart by their
 * command line, and the change that makes each reuse its connections, with the documentation it
 * comes from. Pure data and one matcher: the rules, the views and the TUI read it.
 */

export type ProgramId = 'nginx' | 'haproxy' | 'envoy' | 'squid' | 'httpd' | 'java' | 'go' | 'node' | 'python' | 'php-fpm';

export interface ProgramFix {
  /** the program as people call it */
  name: string;
  /** the change in one line (the alert strip, the destinations panel) */
  fix: string;
  /** the change in full: the directives or code, in order */
  steps: string[];
  source: string;
}

/**
 * How each program is recognised: its command name (comm, 15 characters) or the first word of its
 * command line, without the path. nginx and PHP-FPM rename their workers ("nginx: worker
 * process", "php-fpm: pool www"), so the command line's first word is matched up to a colon too.
 * Go programs carry no mark in their command line: only well-known Go servers are named.
 */
const MATCHERS: ReadonlyArray<[ProgramId, RegExp]> = [
  ['nginx', /^nginx$/],
  ['haproxy', /^haproxy$/],
  ['envoy', /^envoy$/],
  ['squid', /^squid$/],
  ['httpd', /^(httpd|apache2)$/],
  ['php-fpm', /^php-fpm[\d.]*$/],
  ['java', /^java$/],
  ['node', /^(node|nodejs)$/],
  ['python', /^(python|python[23][\d.]*|gunicorn|uwsgi|uvicorn|celery)$/],
  ['go', /^(caddy|traefik|prometheus|consul|vault|nomad|etcd|coredns|grafana-agent|alloy)$/],
];

/** The program a process is, from its comm and its command line (arguments joined by spaces). */
export function recogniseProgram(command: string, cmdline = ''): ProgramId | undefined {
  const first = (cmdline.trim().split(/\s/)[0] ?? '').replace(/:$/, '');
  const names = [command, first.slice(first.lastIndexOf('/') + 1)].map((n) => n.toLowerCase()).filter((n) => n !== '');
  for (const [id, re] of MATCHERS) if (names.some((n) => re.test(n))) return id;
  return undefined;
}

export const PROGRAM_FIXES: Record<ProgramId, ProgramFix> = {
  nginx: {
    name: 'nginx',
    fix: 'nginx: add `keepalive 32;` to the upstream block, and `proxy_http_version 1.1;` with `proxy_set_header Connection "";` where it proxy_passes',
    steps: [
      'upstream backend { server ADDRESS:PORT; keepalive 32; }  (idle connections kept per worker)',
      'location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }',
      'a proxy_pass straight to an address has no upstream block and never keeps connections: name an upstream',
      'for FastCGI: keepalive in the upstream and `fastcgi_keep_conn on;`',
    ],
    source: 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive',
  },
  haproxy: {
    name: 'HAProxy',
    fix: 'HAProxy: `option http-keep-alive` and `http-reuse safe` (or aggressive) in the backend; more source addresses with `source` on each server',
    steps: [
      'backend: option http-keep-alive  (not httpclose / http-server-close, which close the server side)',
      'backend: http-reuse safe  (aggressive or always share idle connections between clients)',
      'more 4-tuples: server s1 ADDRESS:PORT source 10.0.0.5 ... / several servers, each with its own source address',
    ],
    source: 'https://docs.haproxy.org/2.8/configuration.html#4-http-reuse',
  },
  envoy: {
    name: 'Envoy',
    fix: 'Envoy: keep upstream connection pools warm (no max_requests_per_connection of 1, a longer idle_timeout) or speak HTTP/2 upstream',
    steps: [
      'cluster: typed_extension_protocol_options envoy.extensions.upstreams.http.v3.HttpProtocolOptions: common_http_protocol_options.idle_timeout 60s or more',
      'do not set max_requests_per_connection to 1; an explicit_http_config with http2_protocol_options multiplexes requests on few connections',
      'more source addresses: upstream_bind_config.source_address on the cluster',
    ],
    source: 'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/connection_pooling',
  },
  squid: {
    name: 'Squid',
    fix: 'Squid: `server_persistent_connections on` (the default; something turned it off) and a longer `server_idle_pconn_timeout`',
    steps: ['server_persistent_connections on', 'server_idle_pconn_timeout 1 minute (or more) so idle server connections are reused'],
    source: 'https://www.squid-cache.org/Doc/config/server_persistent_connections/',
  },
  httpd: {
    name: 'Apache httpd',
    fix: 'Apache httpd: let mod_proxy reuse backend connections: no `disablereuse=On`, no `SetEnv proxy-nokeepalive`, `ProxyPass ... keepalive=On`',
    steps: ['ProxyPass "/" "http://backend:8080/" keepalive=On  (and no disablereuse=On on the worker)', 'remove SetEnv proxy-nokeepalive 1 and force-proxy-request-1.0', 'for FastCGI (mod_proxy_fcgi): enablereuse=on'],
    source: 'https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass',
  },
  java: {
    name: 'Java (JVM)',
    fix: 'Java: reuse one pooled client (java.net.http.HttpClient, Apache HttpClient PoolingHttpClientConnectionManager, a JDBC pool) instead of a connection per request',
    steps: [
      'create one HttpClient per application and share it; it pools connections (jdk.httpclient.connectionPoolSize, jdk.httpclient.keepalive.timeout)',
      'HttpURLConnection: keep http.keepAlive=true, raise http.maxConnections, read each response body to the end and close its stream',
      'databases: a connection pool (HikariCP) sized for the load',
    ],
    source: 'https://docs.oracle.com/en/java/javase/21/docs/api/java.net.http/module-summary.html',
  },
  go: {
    name: 'Go',
    fix: 'Go: share one http.Client, read every response Body to EOF and Close it, and raise Transport.MaxIdleConnsPerHost (default 2)',
    steps: [
      'one http.Client (or http.Transport) for the whole program, not one per request',
      'io.Copy(io.Discard, resp.Body); resp.Body.Close(): an unread body closes the connection',
      'Transport{MaxIdleConnsPerHost: 100}: with the default 2, concurrent requests to one host open and close connections',
    ],
    source: 'https://pkg.go.dev/net/http#Transport',
  },
  node: {
    name: 'Node.js',
    fix: 'Node.js: an http.Agent with keepAlive: true (the default global agent only since Node 19), shared by all requests to the upstream',
    steps: ['const agent = new http.Agent({ keepAlive: true, maxSockets: 64 }); pass { agent } to every request', 'undici / fetch pools by default: reuse one Dispatcher, do not create one per request'],
    source: 'https://nodejs.org/api/http.html#new-agentoptions',
  },
  python: {
    name: 'Python',
    fix: 'Python: reuse one requests.Session (or urllib3 PoolManager / httpx.Client) instead of requests.get per call, with pool_maxsize for the concurrency',
    steps: ['session = requests.Session(); session.mount("http://", HTTPAdapter(pool_maxsize=32)); use session.get(...)', 'httpx: one httpx.Client() for the program; aiohttp: one ClientSession'],
    source: 'https://requests.readthedocs.io/en/latest/user/advanced/#session-objects',
  },
  'php-fpm': {
    name: 'PHP-FPM',
    fix: 'PHP: persistent connections per FPM worker (PDO::ATTR_PERSISTENT, redis pconnect) and one reused curl handle, since each request otherwise connects anew',
    steps: ['new PDO($dsn, $u, $p, [PDO::ATTR_PERSISTENT => true])', 'Redis: $redis->pconnect(...); curl: reuse one handle (or curl_share) for many requests'],
    source: 'https://www.php.net/manual/en/pdo.connections.php',
  },
};

/** The general levers, whatever the program (kernel-facts: ephemeral-port exhaustion). */
export const GENERAL_LEVERS = [
  'pool and reuse connections (keep-alive) toward the upstream',
  'more 4-tuples: more local source addresses with IP_BIND_ADDRESS_NO_PORT before bind(), or more upstream addresses or ports',
  'net.ipv4.tcp_tw_reuse=1 on this client (needs tcp_timestamps)',
  'a wider net.ipv4.ip_local_port_range with the service ports in ip_local_reserved_ports',
];

/**
 * The fix for a destination whose connections churn: more of its ports sit in TIME_WAIT than
 * hold live connections, i.e. they are closed rather than reused. A pooled destination (many
 * ESTABLISHED, few TIME_WAIT) needs none, whoever holds it.
 */
export function churnFix(d: { states: Partial<Record<string, number>>; portsInUse: number; owners?: ReadonlyArray<{ command: string; cmdline?: string | undefined }> | undefined }): (ProgramFix & { id: ProgramId }) | undefined {
  const tw = d.states.TIME_WAIT ?? 0;
  return tw > d.portsInUse - tw ? fixForOwners(d.owners ?? []) : undefined;
}

/** The fix for the first recognised owner of a destination's sockets, if any. */
export function fixForOwners(owners: ReadonlyArray<{ command: string; cmdline?: string | undefined }>): (ProgramFix & { id: ProgramId }) | undefined {
  for (const o of owners) {
    const id = recogniseProgram(o.command, o.cmdline);
    if (id) return { id, ...PROGRAM_FIXES[id] };
  }
  return undefined;
}
