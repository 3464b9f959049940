import { findSockdiag, type SockdiagAddon } from '../../src/source/sockdiag-addon.js';

/**
 * The sock_diag addon for the tests that compare it with /proc, or undefined when it does not
 * load here (tcpwatch then reads /proc, and those tests skip) — but not in CI (CI=true on Linux):
 * there a missing or refused addon is an error, so that a green CI run proves the shipped one loads.
 */
export function sockdiagForTests(): SockdiagAddon | undefined {
  const found = findSockdiag();
  if (found.addon === undefined && process.env.CI === 'true' && process.platform === 'linux') {
    throw new Error(`CI=true: the sock_diag addon (prebuilds/, src/native/sockdiag) is not usable, so its comparisons with /proc cannot run: ${found.reason}`);
  }
  return found.addon;
}
