// The fleet path end to end, in the fresh network namespace this runs in (root):
//   unshare -n node netns-prometheus.mjs CLI RULES_FILE DASHBOARD ALERTMANAGER_SNIPPET WORKDIR
// tcpwatch serve and node_exporter (tcpstat on) scraped every 1 s by a real Prometheus with the
// generated rules, which notifies a real Alertmanager (the shipped snippet, a webhook receiver
// added), which posts to a webhook here. tcp_max_tw_buckets is lowered in this namespace and a
// bounded loopback load fills it. Prints one JSON document: when the condition began, every
// webhook notification, and what each dashboard query returned. Everything is stopped at the end.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const [cli, rulesFile, dashboardFile, amSnippet, dir] = process.argv.slice(2);
const LIMIT = 200;
const PORTS = { tcpwatch: 9929, node: 9100, prometheus: 9090, alertmanager: 9093, hook: 9099, tw: 7000, cw: 7001 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const since = () => (Date.now() - t0) / 1000;
const children = [];
const log = [];

execFileSync('ip', ['link', 'set', 'lo', 'up']);
writeFileSync('/proc/sys/net/ipv4/tcp_max_tw_buckets', String(LIMIT));
// on loopback the default tcp_tw_reuse=2 reuses TIME_WAIT ports: let them pile up
writeFileSync('/proc/sys/net/ipv4/tcp_tw_reuse', '0');

function start(name, cmd, args) {
  const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  c.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  c.on('exit', (code) => log.push(`${name} exited ${code}: ${err.slice(-500)}`));
  children.push(c);
  return c;
}

const get = (port, path) =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });
async function until(what, f, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (await f()) return true;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}: ${log.join('; ')}`);
}

// the webhook receiver: every notification Alertmanager posts, with when it came
const notifications = [];
const hook = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const doc = JSON.parse(body);
    notifications.push({ at: since(), alerts: doc.alerts.map((a) => ({ status: a.status, labels: a.labels, annotations: a.annotations })) });
    res.end('ok');
  });
});
await new Promise((r) => hook.listen(PORTS.hook, '127.0.0.1', r));

const am = parse(readFileSync(amSnippet, 'utf8'));
am.receivers = [{ name: 'default', webhook_configs: [{ url: `http://127.0.0.1:${PORTS.hook}/`, send_resolved: false }] }];
writeFileSync(join(dir, 'alertmanager.yml'), stringify(am));
writeFileSync(
  join(dir, 'prometheus.yml'),
  stringify({
    global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '900ms' },
    rule_files: [rulesFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${PORTS.alertmanager}`] }] }] },
    scrape_configs: [
      { job_name: 'tcpwatch', static_configs: [{ targets: [`127.0.0.1:${PORTS.tcpwatch}`] }] },
      { job_name: 'node', static_configs: [{ targets: [`127.0.0.1:${PORTS.node}`] }] },
    ],
  }),
);

start('tcpwatch', process.execPath, [cli, 'serve', '--listen', `127.0.0.1:${PORTS.tcpwatch}`, '--interval', '1s']);
start('node_exporter', 'prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${PORTS.node}`, '--collector.tcpstat', '--collector.sysctl', '--collector.sysctl.include=net.ipv4.tcp_max_tw_buckets']);
start('alertmanager', 'prometheus-alertmanager', [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${PORTS.alertmanager}`, '--cluster.listen-address=']);
start('prometheus', 'prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${PORTS.prometheus}`, '--web.enable-lifecycle']);

const servers = [];
const sockets = [];
try {
  await until(
    'tcpwatch, node_exporter and Prometheus scraping both',
    async () => {
      const r = await get(PORTS.prometheus, '/api/v1/query?query=up');
      const up = JSON.parse(r.body).data.result;
      return up.length === 2 && up.every((x) => x.value[1] === '1');
    },
    20_000,
  );
  await until('Alertmanager', async () => (await get(PORTS.alertmanager, '/-/ready')).status === 200, 10_000);

  // a listener that never closes what its peers closed: CLOSE_WAIT on it, for the dashboard
  const cw = net.createServer({ allowHalfOpen: true }, (s) => sockets.push(s));
  servers.push(cw);
  await new Promise((r) => cw.listen(PORTS.cw, '127.0.0.1', r));
  for (let i = 0; i < 3; i++) {
    const c = net.connect(PORTS.cw, '127.0.0.1');
    await new Promise((r) => c.once('connect', r));
    c.end();
  }
  // the TIME_WAIT load: clients that close first, 100 a second, bounded to 40 s
  const tw = net.createServer((s) => s.on('error', () => {}).on('end', () => s.end()));
  servers.push(tw);
  await new Promise((r) => tw.listen(PORTS.tw, '127.0.0.1', r));
  const sockstatTw = () => Number(/TCP: .* tw (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'))?.[1]);
  let conditionAt;
  let overflowAt;
  const overflow = () => Number(/TCPTimeWaitOverflow\s+(\d+)/.exec(execFileSync('nstat', ['-az', 'TcpExtTCPTimeWaitOverflow'], { encoding: 'utf8' }))?.[1] ?? 0);
  const loadStart = since();
  const watch = setInterval(() => {
    if (conditionAt === undefined && sockstatTw() >= 0.95 * LIMIT) conditionAt = since();
  }, 50);
  let made = 0;
  const firedAt = () => notifications.find((n) => n.alerts.some((a) => a.labels.alertname === 'TcpwatchTimeWaitBucketsCritical' && a.status === 'firing'))?.at;
  while (since() - loadStart < 40 && !(firedAt() !== undefined && since() - firedAt() > 6)) {
    for (let i = 0; i < 10; i++) {
      const c = net.connect(PORTS.tw, '127.0.0.1');
      c.on('error', () => {});
      c.on('connect', () => c.end());
      made++;
    }
    await sleep(100);
    if (overflowAt === undefined && overflow() > 0) overflowAt = since();
  }
  clearInterval(watch);

  // every dashboard query, its variables set to "All", against the Prometheus that scraped it all
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
  const panels = [];
  for (const p of dashboard.panels) {
    for (const t of p.targets) {
      const expr = t.expr.replaceAll('$job', '.+').replaceAll('$instance', '.+').replaceAll('$netns', '.*');
      const r = JSON.parse((await get(PORTS.prometheus, `/api/v1/query?query=${encodeURIComponent(expr)}`)).body);
      panels.push({ title: p.title, expr, status: r.status, results: r.data?.result?.length ?? 0, error: r.error });
    }
  }
  const tcpwatchAlerts = JSON.parse((await get(PORTS.prometheus, '/api/v1/alerts')).body).data.alerts;
  process.stdout.write(
    `${JSON.stringify({ limit: LIMIT, loadStart, conditionAt, overflowAt, connections: made, tw: sockstatTw(), notifications, panels, alerts: tcpwatchAlerts.map((a) => ({ name: a.labels.alertname, state: a.state, job: a.labels.job, activeAt: a.activeAt })), log })}\n`,
  );
} finally {
  for (const c of children) c.kill('SIGTERM');
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  hook.close();
  setTimeout(() => process.exit(0), 1500).unref();
}
