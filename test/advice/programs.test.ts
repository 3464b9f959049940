import { describe, expect, it } from 'vitest';
import { churnFix, PROGRAM_FIXES, recogniseProgram } from '../../src/advice/programs.js';

// comm and /proc/PID/cmdline (NULs as spaces) of real processes: nginx 1.22 and PHP-FPM 8.2
// (Debian 12) rename their workers; the others as their packages or images start them
describe('programs by their command line', () => {
  it.each([
    ['nginx', 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;', 'nginx'],
    ['nginx', 'nginx: worker process', 'nginx'],
    ['haproxy', '/usr/sbin/haproxy -Ws -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid -S /run/haproxy-master.sock', 'haproxy'],
    ['envoy', '/usr/local/bin/envoy -c /etc/envoy/envoy.yaml', 'envoy'],
    ['squid', '/usr/sbin/squid --foreground -sYC', 'squid'],
    ['apache2', '/usr/sbin/apache2 -k start', 'httpd'],
    ['httpd', '/usr/sbin/httpd -DFOREGROUND', 'httpd'],
    ['java', '/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx2g -jar /opt/app/app.jar', 'java'],
    ['node', 'node /srv/app/server.js', 'node'],
    ['python3', '/usr/bin/python3 /srv/app/worker.py', 'python'],
    ['gunicorn', '/srv/venv/bin/python3 /srv/venv/bin/gunicorn app:app -w 4', 'python'],
    ['php-fpm8.2', 'php-fpm: pool www', 'php-fpm'],
    ['php-fpm8.2', 'php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)', 'php-fpm'],
    ['caddy', '/usr/bin/caddy run --environ --config /etc/caddy/Caddyfile', 'go'],
  ])('%s "%s" is %s', (comm, cmdline, id) => {
    expect(recogniseProgram(comm, cmdline)).toBe(id);
  });

  it.each([
    ['bash', '-bash'],
    ['sshd', 'sshd: root@pts/0'],
    ['curl', 'curl http://nginx.example/'],
    ['myservice', '/opt/bin/myservice --upstream nginx'],
  ])('%s "%s" is none of them', (comm, cmdline) => {
    expect(recogniseProgram(comm, cmdline)).toBeUndefined();
  });

  it('every program has a one-line fix, steps and a public documentation source', () => {
    const all = Object.values(PROGRAM_FIXES);
    expect(all).toHaveLength(10);
    for (const p of all) {
      expect(p.fix).toMatch(/^[\w. -]+: \S/);
      expect(p.steps.length).toBeGreaterThan(0);
      expect(p.source).toMatch(/^https:\/\//);
    }
  });

  it('a fix only where the destination churns: more TIME_WAIT than live sockets', () => {
    const owners = [{ command: 'nginx', cmdline: 'nginx: worker process' }];
    expect(churnFix({ portsInUse: 560, states: { TIME_WAIT: 554, ESTABLISHED: 6 }, owners })?.id).toBe('nginx');
    expect(churnFix({ portsInUse: 12, states: { ESTABLISHED: 12 }, owners })).toBeUndefined();
    expect(churnFix({ portsInUse: 560, states: { TIME_WAIT: 554 } })).toBeUndefined();
  });
});
