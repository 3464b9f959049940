import { execa } from 'execa';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { exporterPort } from '../helpers/exporter-port.js';
import { parsePromText, promValue } from '../helpers/prom-text.js';

const scrape = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

// Scrapes every 3 s, as Prometheus would at a fixed period: once the exporter has seen the period, it
// takes each sample just before the scrape it is for, so a scrape serves a sample well under a period
// old. Sampling at the scrape instead (the sample then served a period later) shows about 3 s here.
it('serves each scrape, once the period is known, a sample taken just before it with a full breakdown', async () => {
  const child = execa('node', [CLI, 'serve', '--listen', '127.0.0.1:0', '--interval', '200ms'], { cwd: ROOT, reject: false, timeout: 60_000 });
  try {
    const port = await exporterPort(child);
    const ages: number[] = [];
    const breakdownAges: number[] = [];
    for (let i = 0; i < 7; i++) {
      const m = parsePromText(await scrape(port));
      ages.push(promValue(m, 'tcpwatch_sample_age_seconds') ?? NaN);
      breakdownAges.push(promValue(m, 'tcpwatch_breakdown_age_seconds') ?? NaN);
      if (i < 6) await sleep(3000);
    }
    // two scrapes teach the period: the second serves the sample the first asked for, a period old
    const settled = ages.slice(2).sort((a, b) => a - b);
    expect(settled[Math.floor(settled.length / 2)]).toBeLessThan(1.5);
    expect(ages[1]).toBeGreaterThan(1.5);
    // with no --max-cpu, every sample serve takes is a full one
    expect(breakdownAges).toEqual(breakdownAges.map(() => 0));
  } finally {
    child.kill('SIGTERM');
    await child;
  }
}, 60_000);
