// /proc files that vanish or turn unreadable under the running line mode (a copied tree given as
// --proc-root, changed by the test): a counter file gone is one line on stderr and the samples go
// on without it; the TCP table gone is a gap with the reason; both read again when back.
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { LiveCli } from '../helpers/live-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-proc-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copyTree(name: string): string {
  const proc = join(tmp, name);
  cpSync(join(ROOT, 'fixtures/linux/states/proc'), proc, { recursive: true });
  return proc;
}

/** The line mode's sample lines (not the headers or the gaps). */
const samples = (cli: LiveCli) => cli.lines().filter((l) => /Z\s+\d/.test(l));

describe('/proc files change under the line mode', () => {
  it('net/sockstat removed, then a directory (unreadable as a file): one line each, samples go on without tw; read again when back', async () => {
    const proc = copyTree('counters');
    const sockstat = join(proc, 'net/sockstat');
    // every tick a full scan, so each tick reads every file
    const cli = new LiveCli(['--interval', '100ms', '--max-cpu', '100', '--proc-root', proc]);
    try {
      await cli.until(() => samples(cli).length >= 2);
      expect(samples(cli).at(-1)).toMatch(/\s7$/);
      renameSync(sockstat, `${sockstat}.away`);
      await cli.until(() => /^tcpwatch: .*net\/sockstat: not found$/m.test(cli.stderr));
      const n = samples(cli).length;
      await cli.until(() => samples(cli).length >= n + 3);
      expect(samples(cli).at(-1)).toMatch(/\s-$/);
      mkdirSync(sockstat);
      await cli.until(() => /^tcpwatch: .*net\/sockstat: is a directory$/m.test(cli.stderr));
      rmSync(sockstat, { recursive: true });
      renameSync(`${sockstat}.away`, sockstat);
      await cli.until(() => /\s7$/.test(samples(cli).at(-1) ?? ''));
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
    // once each, not once per tick
    expect(cli.stderr.match(/sockstat: not found/g)).toHaveLength(1);
    expect(cli.stderr.match(/sockstat: is a directory/g)).toHaveLength(1);
  });

  it('net/tcp removed: a gap line per tick with the reason, samples again when it is back', async () => {
    const proc = copyTree('table');
    const tcp = join(proc, 'net/tcp');
    const cli = new LiveCli(['--interval', '100ms', '--max-cpu', '100', '--proc-root', proc]);
    try {
      await cli.until(() => samples(cli).length >= 2);
      renameSync(tcp, `${tcp}.away`);
      await cli.until(() => /Z no sample: cannot read the TCP table: .*net\/tcp: not found/.test(cli.stdout));
      renameSync(`${tcp}.away`, tcp);
      const n = samples(cli).length;
      await cli.until(() => samples(cli).length >= n + 2);
    } finally {
      expect(await cli.stop()).toEqual({ code: 0, signal: null });
    }
    expect(cli.stderr).not.toMatch(/^\s+at /m);
  });
});
