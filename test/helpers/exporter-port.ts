import type { ChildProcess } from 'node:child_process';

/** The port a `tcpwatch serve --listen 127.0.0.1:0` child says it listens on (its stderr); rejects when it exits first. */
export function exporterPort(child: Pick<ChildProcess, 'stderr' | 'once'>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /127\.0\.0\.1:(\d+)\/metrics/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`exporter exited: ${err}`)));
  });
}
