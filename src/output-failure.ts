/**
 * What the CLI does when standard output fails under it. No imports: cli.ts installs it before
 * any command module loads.
 */

/**
 * The status for a reader that went away (`tcpwatch --json | head -1`): 128 + SIGPIPE, what a
 * shell reports for a tool the closed pipe killed, so `set -o pipefail` scripts see it as such.
 */
export const EXIT_CLOSED_PIPE = 141;

export type OutputFailure =
  /** the terminal hung up (an ssh drop): ends by SIGHUP (hang-up.ts) */
  | { kind: 'hang-up' }
  /** exit with this status, after `message` (one line) if there is one */
  | { kind: 'exit'; status: number; message?: string };

/**
 * EPIPE is a normal end (quiet, EXIT_CLOSED_PIPE); EIO on a terminal is a hang-up; anything else
 * (ENOSPC on a full disk or /dev/full, EIO from a failing device) is one line and `status`.
 */
export function outputFailure(err: NodeJS.ErrnoException, isTTY: boolean, status: number): OutputFailure {
  if (err.code === 'EPIPE') return { kind: 'exit', status: EXIT_CLOSED_PIPE };
  if (err.code === 'EIO' && isTTY) return { kind: 'hang-up' };
  return { kind: 'exit', status, message: `cannot write to standard output: ${err.message}` };
}
