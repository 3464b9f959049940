import { createRequire } from 'node:module';
import { loadSockdiag, type SockdiagAddon } from '../../src/source/sockdiag-addon.js';

/**
 * The sock_diag addon for the tests that compare it with /proc, or undefined when it is not
 * built here. It is optional (npm drops it when it does not build, and tcpwatch reads /proc), so
 * those tests skip without it — but not in CI (CI=true on Linux): there a missing or refused
 * addon is an error, so that a green CI run proves the addon builds.
 */
export function sockdiagForTests(): SockdiagAddon | undefined {
  const addon = loadSockdiag();
  if (addon === undefined && process.env.CI === 'true' && process.platform === 'linux') {
    throw new Error(`CI=true: the sock_diag addon (src/native/sockdiag, package tcpwatch-sockdiag) is not usable, so its comparisons with /proc cannot run: ${whyNot()}`);
  }
  return addon;
}

function whyNot(): string {
  try {
    const found = createRequire(import.meta.url)('tcpwatch-sockdiag') as { RECORD_SIZE?: unknown };
    return `it loads but is refused (a stale build? RECORD_SIZE ${String(found.RECORD_SIZE)})`;
  } catch (err) {
    return `${(err as Error).message.split('\n')[0]} (npm drops it when its build fails: npm ci --foreground-scripts shows why)`;
  }
}
