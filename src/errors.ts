/**
 * Every failure tcpwatch expects, as one error type: a stable `code` that scripts and tests can
 * rely on, the exit status it ends the CLI with, and the error that caused it (`cause`). The CLI
 * prints such an error's message as one line, never a stack trace: a stack is for bugs, errors
 * without a code. No imports, so the CLI can load it before it knows which command runs.
 */

/** Exit status by code: 2 when the user's input is wrong, 1 when the system refused. */
const EXIT_CODES = {
  /** bad flags */
  EUSAGE: 2,
  /** a config file or --set that is not valid */
  ECONFIG: 2,
  /** a capture (analyze) that cannot be read or recognised */
  ECAPTURE: 2,
  /** a recording that cannot be read, written or replayed */
  ERECORDING: 2,
  /** a JSON document that is not a tcpwatch sample */
  ESAMPLEJSON: 2,
  /** not even the TCP table could be read: nothing to show */
  ESOURCE: 1,
  /** a command a source runs (netstat, sysctl) failed, hung or is missing */
  ECOMMAND: 1,
  /** serve cannot listen on the address asked for (in use, not allowed) */
  ELISTEN: 1,
  /** a file that does not exist */
  ENOENT: 1,
  /** permission denied (EACCES, EPERM, EROFS) */
  EPERM: 1,
  /** out of file descriptors (EMFILE, ENFILE) */
  EMFILE: 1,
  /** another failed system call */
  ESYSTEM: 1,
} as const satisfies Record<string, 1 | 2>;

export type ErrorCode = keyof typeof EXIT_CODES;

export class TcpwatchError extends Error {
  readonly exitCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = EXIT_CODES[code];
  }
}

/** The base of a named constructor: a TcpwatchError of one code. */
function withCode(code: ErrorCode) {
  return class extends TcpwatchError {
    constructor(message: string, options?: ErrorOptions) {
      super(code, message, options);
    }
  };
}

// named constructors for the codes thrown in several places
export class UsageError extends withCode('EUSAGE') {}
export class ConfigError extends withCode('ECONFIG') {}
export class CaptureError extends withCode('ECAPTURE') {}
export class RecordingError extends withCode('ERECORDING') {}
export class SampleJsonError extends withCode('ESAMPLEJSON') {}
export class SourceError extends withCode('ESOURCE') {}

/** The code of a failed system call's errno. */
function codeOfErrno(errno: string | undefined): ErrorCode {
  switch (errno ?? '') {
    case 'ENOENT':
      return 'ENOENT';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'EPERM';
    case 'EMFILE':
    case 'ENFILE':
      return 'EMFILE';
    default:
      return 'ESYSTEM';
  }
}

/** A failed system call as a TcpwatchError, `message` saying what could not be done; the original is its cause. */
export function systemError(err: unknown, message: string): TcpwatchError {
  return new TcpwatchError(codeOfErrno((err as NodeJS.ErrnoException | null)?.code), message, { cause: err });
}

/**
 * What the CLI says of an error that ended a command: a TcpwatchError as it is, an error Node
 * gives for a failed system call (an errno code and the call's name: EMFILE while loading a
 * module, say) as one; undefined for anything else, which is a bug.
 */
export function expectedFailure(err: unknown): TcpwatchError | undefined {
  if (err instanceof TcpwatchError) return err;
  const e = err as NodeJS.ErrnoException | null;
  if (e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string') return systemError(e, e.message);
  return undefined;
}
