import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('../helpers/netns-nginx.mjs', import.meta.url));

interface Doc {
  destinations: Array<{ remote: string; states: Record<string, number>; owners?: Array<{ command: string; cmdline?: string }>; remedy?: { program: string; fix: string; source: string } }>;
  alerts: Array<{ rule: string; subject?: string; message: string; remedy: string; fix?: string }>;
}

/** nginx proxying to 127.0.0.1:9090 at 60 requests/s in a fresh namespace, with or without upstream keepalive. */
async function nginx(mode: 'close' | 'keepalive') {
  const r = await execa('unshare', ['-n', 'node', SCRIPT, CLI, mode], { timeout: 90_000 });
  const out = JSON.parse(r.stdout) as { requests: number; text: string; json: string };
  return { requests: out.requests, text: out.text, doc: JSON.parse(out.json) as Doc };
}

const upstream = (d: Doc) => d.destinations.find((x) => x.remote === '127.0.0.1:9090');
const SUBJECT = '127.0.0.1 -> 127.0.0.1:9090';

const isRoot = process.getuid?.() === 0;
const hasNginx = spawnSync('nginx', ['-v']).status === 0;
if (isRoot && !hasNginx) console.warn('skipping the nginx tests: no nginx here (Debian package nginx; .ci/run installs it)');
describe.skipIf(!isRoot || !hasNginx).concurrent('a real nginx toward an upstream in a network namespace (root, nginx)', () => {
  it('without upstream keepalive: TIME_WAIT piles up toward the upstream, nginx is named and its fix given', { timeout: 120_000 }, async () => {
    const { requests, text, doc } = await nginx('close');
    expect(requests).toBeGreaterThan(400);
    const d = upstream(doc);
    expect(d?.states.TIME_WAIT ?? 0).toBeGreaterThan(300);
    expect(d?.owners?.map((o) => o.command)).toContain('nginx');
    expect(d?.owners?.find((o) => o.command === 'nginx')?.cmdline).toMatch(/^nginx: worker process/);
    expect(d?.remedy).toMatchObject({ program: 'nginx', source: 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive' });
    expect(d?.remedy?.fix).toMatch(/keepalive 32;.*proxy_http_version 1\.1;.*proxy_set_header Connection "";/);
    // 1,000 ports at ~60/s: the alert fires before 80 % on its fill time, with nginx's fix
    const alert = doc.alerts.find((a) => a.rule === 'port_exhaustion' && a.subject === SUBJECT);
    expect(alert?.message).toMatch(/full in ~\d+ s at \d+\/s$/);
    expect(alert?.fix).toBe(d?.remedy?.fix);
    expect(alert?.remedy).toMatch(/Likely author: nginx\[\d+\], which holds its live sockets \(TIME_WAIT has no owner\)/);
    expect(text).toMatch(/WHO MAKES THEM \(--processes\)\n {2}127\.0\.0\.1 -> 127\.0\.0\.1:9090: Likely author: nginx\[\d+\]/);
    expect(text).toMatch(/fix: nginx: add `keepalive 32;` to the upstream block/);
  });

  it('with keepalive 100 (above the 60 requests in flight), proxy_http_version 1.1 and Connection "": no TIME_WAIT toward the upstream, no finding, no fix', { timeout: 120_000 }, async () => {
    const { requests, text, doc } = await nginx('keepalive');
    expect(requests).toBeGreaterThan(400);
    const d = upstream(doc);
    expect(d?.owners?.map((o) => o.command)).toContain('nginx');
    expect(d?.states.TIME_WAIT ?? 0).toBeLessThan(5);
    expect(d?.remedy).toBeUndefined();
    expect(doc.alerts.filter((a) => a.rule === 'port_exhaustion')).toEqual([]);
    expect(text).not.toMatch(/fix: nginx/);
  });
});
