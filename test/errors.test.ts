import { openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, expectedFailure, SourceError, systemError, TcpwatchError, UsageError } from '../src/errors.js';

/** A real error of a failed system call: open() of a file that does not exist. */
function enoent(): NodeJS.ErrnoException {
  try {
    openSync('/nonexistent/tcpwatch', 'r');
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
  throw new Error('opened a file that should not exist');
}

describe('TcpwatchError', () => {
  it('carries a stable code, the exit status of that code, and the cause', () => {
    const cause = new Error('EADDRINUSE');
    const e = new TcpwatchError('ELISTEN', 'cannot listen', { cause });
    expect([e.code, e.exitCode, e.cause, e.message, e.name]).toEqual(['ELISTEN', 1, cause, 'cannot listen', 'TcpwatchError']);
    expect(e).toBeInstanceOf(Error);
    // the named constructors are the same type with their code
    expect([new UsageError('x'), new ConfigError('x'), new SourceError('x')].map((x) => [x instanceof TcpwatchError, x.code, x.exitCode, x.name])).toEqual([
      [true, 'EUSAGE', 2, 'UsageError'],
      [true, 'ECONFIG', 2, 'ConfigError'],
      [true, 'ESOURCE', 1, 'SourceError'],
    ]);
  });

  it.each([
    ['ENOENT', 'ENOENT'],
    ['EACCES', 'EPERM'],
    ['EPERM', 'EPERM'],
    ['EMFILE', 'EMFILE'],
    ['ENFILE', 'EMFILE'],
    ['ENOSPC', 'ESYSTEM'],
  ])('a failed system call with %s is %s', (errno, code) => {
    const cause = Object.assign(new Error(`${errno}: failed`), { code: errno, syscall: 'open' });
    const e = systemError(cause, 'cannot read x');
    expect([e.code, e.exitCode, e.message, e.cause]).toEqual([code, 1, 'cannot read x', cause]);
  });

  it('the CLI treats ours and failed system calls as expected, anything else as a bug', () => {
    const ours = new ConfigError('bad key');
    expect(expectedFailure(ours)).toBe(ours);
    const sys = enoent();
    expect(expectedFailure(sys)).toMatchObject({ code: 'ENOENT', exitCode: 1, message: sys.message, cause: sys });
    expect(expectedFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(expectedFailure(Object.assign(new Error('no syscall'), { code: 'ERR_SOMETHING' }))).toBeUndefined();
    expect(expectedFailure('a string')).toBeUndefined();
  });
});
