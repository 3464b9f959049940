// The files `sysctl --system` reads and their order (procps-ng src/sysctl.c PreloadSystem), in a
// temporary root; and the kernel view read from a captured /proc.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TcpwatchError } from '../../src/errors.js';
import { ProcRoot } from '../../src/source/proc-files.js';
import { readConfFiles, readKernelView, systemConfFiles } from '../../src/source/sysctl-files.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tcpwatch-sysctl-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function put(path: string, text = 'net.ipv4.tcp_fin_timeout = 60\n'): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('systemConfFiles', () => {
  it('sorts *.conf by name across the directories; an earlier directory hides the same name; /etc/sysctl.conf last', () => {
    put('usr/lib/sysctl.d/50-pid-max.conf');
    put('lib/sysctl.d/50-pid-max.conf'); // hidden by /usr/lib's
    put('usr/lib/sysctl.d/99-protect-links.conf');
    put('etc/sysctl.d/99-protect-links.conf'); // hides /usr/lib's
    put('run/sysctl.d/10-run.conf');
    put('usr/local/lib/sysctl.d/30-local.conf');
    put('run/sysctl.d/30-local.conf'); // /run comes before /usr/local
    put('etc/sysctl.d/README.sysctl'); // not *.conf
    put('etc/sysctl.d/A-upper.conf'); // strcmp order: digits before upper case
    put('etc/sysctl.conf');
    expect(systemConfFiles(root).map((p) => p.slice(root.length))).toEqual([
      '/run/sysctl.d/10-run.conf',
      '/run/sysctl.d/30-local.conf',
      '/usr/lib/sysctl.d/50-pid-max.conf',
      '/etc/sysctl.d/99-protect-links.conf',
      '/etc/sysctl.d/A-upper.conf',
      '/etc/sysctl.conf',
    ]);
  });

  it('missing directories are skipped; /etc/sysctl.conf only when it is a regular file', () => {
    expect(systemConfFiles(root)).toEqual([]);
    mkdirSync(join(root, 'etc/sysctl.conf'), { recursive: true });
    expect(systemConfFiles(root)).toEqual([]);
  });

  it('a symlink (Debian: 99-sysctl.conf -> ../sysctl.conf) is read like sysctl reads it: twice', () => {
    put('etc/sysctl.conf');
    mkdirSync(join(root, 'etc/sysctl.d'));
    symlinkSync('../sysctl.conf', join(root, 'etc/sysctl.d/99-sysctl.conf'));
    expect(systemConfFiles(root).map((p) => p.slice(root.length))).toEqual(['/etc/sysctl.d/99-sysctl.conf', '/etc/sysctl.conf']);
  });
});

describe('readConfFiles', () => {
  it('a file that cannot be read is a usage error naming it', async () => {
    const err: unknown = await readConfFiles([join(root, 'nope.conf')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TcpwatchError);
    expect(err).toMatchObject({ code: 'EUSAGE', exitCode: 2 });
    expect((err as Error).message).toMatch(/^lint: .*nope\.conf: not found$/);
  });
});

describe('readKernelView', () => {
  it('reads a captured /proc: release, values (tabs collapsed), absent keys, write-only keys, listeners, RAM', async () => {
    const keys = ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_tw_recycle', 'net.ipv4.route.flush', 'net.core.somaxconn', '../../etc/passwd'];
    const k = await readKernelView(new ProcRoot('fixtures/sysctl/kernel/proc'), keys);
    expect(k.release).toBe('6.18.44-fc-v1147');
    expect(k.netReadable).toBe(true);
    expect(k.values.get('net.ipv4.tcp_rmem')).toBe('4096 131072 33554432');
    expect(k.values.has('net.ipv4.tcp_tw_recycle')).toBe(false);
    expect(k.values.get('net.ipv4.route.flush')).toBeNull();
    expect(k.values.get('net.core.somaxconn')).toBe('4096');
    expect(k.values.has('../../etc/passwd')).toBe(false);
    expect(k.listening).toEqual([4000, 50000]);
    expect(k.memTotalBytes).toBeGreaterThan(1024 ** 3);
  });

  it('without /proc/sys/net nothing is called absent', async () => {
    const k = await readKernelView(new ProcRoot(root), ['net.ipv4.tcp_fin_timeout']);
    expect(k).toMatchObject({ release: undefined, netReadable: false, listening: [], memTotalBytes: undefined });
  });
});
