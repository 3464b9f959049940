// Expected failures end the real CLI with one line on stderr and their exit status, never a
// stack trace (that is for bugs).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLine, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const PROC = 'fixtures/linux/states/proc';

describe('expected failures: one line, their exit status, no stack trace', () => {
  it('serve --listen on a port in use (1)', async () => {
    const busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runCli(['serve', '--listen', `127.0.0.1:${port}`], { timeout: 15_000 });
      expectOneLine(r, 1, new RegExp(`^tcpwatch: cannot listen on 127\\.0\\.0\\.1:${port}: another process is listening there \\(EADDRINUSE\\); find it with ss -ltnp 'sport = :${port}' or pick another --listen port$`));
    } finally {
      busy.close();
    }
  });

  it('a --config that is a directory, or missing (2)', async () => {
    const dir = join(tmp, 'conf.d');
    mkdirSync(dir);
    expectOneLine(await runCli(['--once', '--proc-root', PROC, '--config', dir]), 2, /^tcpwatch: config .*conf\.d: is a directory$/);
    expectOneLine(await runCli(['--once', '--proc-root', PROC, '--config', join(tmp, 'nope.json')]), 2, /^tcpwatch: config .*nope\.json: not found$/);
  });

  it.skipIf(process.getuid?.() === 0)('a --config it may not read (2; not as root, whom chmod 000 does not stop)', async () => {
    const file = join(tmp, 'secret.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o000);
    expectOneLine(await runCli(['--once', '--proc-root', PROC, '--config', file]), 2, /^tcpwatch: config .*secret\.json: permission denied$/);
  });

  it('--proc-root at an empty directory: no TCP table (1)', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const r = await runCli(['--once', '--proc-root', empty]);
    expectOneLine(r, 1, /^tcpwatch: cannot read the TCP table: .*empty\/net\/tcp: not found \(is .*empty a \/proc tree\?\)$/);
    expect(r.stdout).toBe('');
  });

  it('--record into a folder that does not exist (2)', async () => {
    const r = await runCli(['--once', '--proc-root', PROC, '--record', join(tmp, 'no', 'such', 'dir', 'rec.jsonl')]);
    expectOneLine(r, 2, /^tcpwatch: cannot record to .*rec\.jsonl: not found$/);
  });
});
