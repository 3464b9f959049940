import { readFileSync } from 'node:fs';
import type { CliOptions } from '../args.js';
import { resolveSource } from '../source/names.js';
import { probeTable } from '../source/sockdiag-addon.js';

/** tcpwatch's version, from the package.json beside dist/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** How this command line would read the TCP table, and why: the first thing to ask when a number looks off. */
function tableLine(o: CliOptions): string {
  const source = resolveSource(o.source, process.platform, o.procRoot);
  if (source !== 'linux') return `table: netstat-${source}`;
  const t = probeTable({ procRoot: o.procRoot });
  return t.table === 'sock_diag' ? `table: sock_diag (${t.file})` : `table: procfs (${t.why})`;
}

/** `tcpwatch --version`: the version, the Node.js running it, and the table source in use. */
export function run(o: CliOptions): Promise<number> {
  const lines = [`tcpwatch ${packageVersion()}`, `node ${process.version} (Node-API ${process.versions.napi ?? '?'}) ${process.platform}-${process.arch}`, tableLine(o)];
  process.stdout.write(`${lines.join('\n')}\n`);
  return Promise.resolve(0);
}
