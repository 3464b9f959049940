// Running a bench script in a throwaway network namespace: the script re-runs itself under
// `unshare -n`, and the copy inside checks that its namespace is not the one it came from before
// it touches a per-namespace sysctl. The namespace, and every socket in it, goes away when the
// last process in it exits.
import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';

const ENV = 'TCPWATCH_BENCH_OUTER_NETNS';

/** True when this process is the copy inside the namespace made by `reexecInNewNetns`. */
export function insideOwnNetns() {
  const outer = process.env[ENV];
  return outer !== undefined && outer !== readlinkSync('/proc/self/ns/net');
}

/** Throws unless `insideOwnNetns()`. */
export function assertOwnNetns() {
  if (!insideOwnNetns()) {
    throw new Error('refusing to build socket load or set sysctls outside a namespace made by this bench (run it as root: it re-runs itself under `unshare -n`)');
  }
}

/**
 * Runs this same script with the same arguments under `unshare -n`; resolves with its exit code.
 * Ctrl-C reaches the copy directly (same process group): this one only waits for it.
 */
export function reexecInNewNetns() {
  const child = spawn('unshare', ['-n', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [ENV]: readlinkSync('/proc/self/ns/net') },
  });
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`unshare -n: ${e.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
  });
}

/** Root can make network namespaces; others get the parts of the bench that need none. */
export const isRoot = () => process.getuid?.() === 0;
