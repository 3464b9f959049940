import { TcpwatchError } from '../errors.js';

/** Longest wait for one command of a source: past it the sample is a gap, never a hang. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;

export interface CommandResult {
  stdout: Uint8Array;
}

/**
 * Runs `file args...` (an argument array, never a shell) and returns its raw stdout bytes, since
 * Windows consoles write in an OEM code page the caller decodes. Never waits longer than
 * `timeoutMs`: the process is killed and an ECOMMAND error says so. A non-zero exit is an error
 * unless `okExitCodes` lists it (reg query exits 1 when a value is absent).
 */
export async function runCommand(file: string, args: string[], timeoutMs: number, okExitCodes: number[] = [0]): Promise<CommandResult> {
  const shown = [file, ...args].join(' ');
  // loaded on first use: execa costs ~0.1 s of CPU to import, and on Linux nothing runs a command
  const { execa } = await import('execa');
  const r = await execa(file, args, {
    timeout: timeoutMs,
    encoding: 'buffer',
    reject: false,
    stdin: 'ignore',
    windowsHide: true,
    // a stuck child that ignores SIGTERM must not keep the sample waiting
    forceKillAfterDelay: 1000,
  });
  const stdout = r.stdout instanceof Uint8Array ? r.stdout : new Uint8Array();
  if (r.timedOut) throw new TcpwatchError('ECOMMAND', `${shown}: no answer within ${timeoutMs} ms (killed)`);
  if (r.signal) throw new TcpwatchError('ECOMMAND', `${shown}: killed by ${r.signal}`);
  if (r.failed && r.exitCode === undefined) {
    const code = (r.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') throw new TcpwatchError('ECOMMAND', `${shown}: ${file} not found (is it installed and on PATH?)`, { cause: r.cause });
    throw new TcpwatchError('ECOMMAND', `${shown}: could not run (${code ?? (r.cause as Error | undefined)?.message ?? 'unknown reason'})`, { cause: r.cause });
  }
  const exitCode = r.exitCode ?? -1;
  if (!okExitCodes.includes(exitCode)) {
    const stderr = r.stderr instanceof Uint8Array ? Buffer.from(r.stderr).toString('latin1').trim().split(/\r?\n/)[0] : '';
    throw new TcpwatchError('ECOMMAND', `${shown}: exited with status ${exitCode}${stderr ? `: ${stderr}` : ''}`);
  }
  return { stdout };
}
