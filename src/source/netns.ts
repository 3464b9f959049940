import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetnsInfo } from '../types.js';

/**
 * Whose network namespace `--pid` reads, and whether it is tcpwatch's own. /proc/PID/net/* shows
 * that process's namespace, but /proc/sys always shows the reader's, and Node cannot setns(), so
 * the sysctls (limits) stay tcpwatch's own unless it runs inside: `nsenter -t PID -n tcpwatch`.
 */
export async function describeNetns(procRoot: string, pid: number): Promise<NetnsInfo> {
  const [comm, target, self] = await Promise.all([
    readFile(join(procRoot, String(pid), 'comm'), 'utf8').then(
      (t) => t.trim(),
      () => undefined,
    ),
    readlink(join(procRoot, String(pid), 'ns', 'net')).catch(() => undefined),
    readlink(join(procRoot, 'self', 'ns', 'net')).catch(() => undefined),
  ]);
  return {
    pid,
    ...(comm !== undefined ? { command: comm } : {}),
    ...(target !== undefined && self !== undefined ? { sameAsReader: target === self } : {}),
  };
}

/** The warning that goes with a namespace whose limits tcpwatch cannot read. */
export function netnsLimitsWarning(ns: NetnsInfo): string | undefined {
  if (ns.sameAsReader === true) return undefined;
  const whose = ns.sameAsReader === false ? 'another network namespace' : 'a network namespace tcpwatch cannot compare with its own (no permission to read its ns link)';
  return `pid ${ns.pid} is in ${whose}: connections and counters are its own, but limits (sysctls) are tcpwatch's; for the namespace's own limits run: nsenter -t ${ns.pid} -n tcpwatch`;
}
