import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemError } from '../errors.js';

/** Why a file could not be read, in words a user can act on. */
export function describeReadError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${path}: not found`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    case 'EISDIR':
      return `${path}: is a directory`;
    case undefined:
    default:
      return `${path}: ${(err as Error).message}`;
  }
}

/** Small text files by their path under a /proc tree: a ProcRoot, or files read inside another network namespace. */
export interface TextFiles {
  /** the path a message names */
  path(rel: string): string;
  /** the file's text; undefined when absent, with the reason pushed to `warnings` */
  text(rel: string, warnings: string[], quietIfMissing?: boolean): Promise<string | undefined>;
}

/** The /proc tree to read: the real one, or another mounted or captured elsewhere. */
export class ProcRoot implements TextFiles {
  constructor(readonly root: string = '/proc') {}

  path(rel: string): string {
    return join(this.root, rel);
  }

  /** Reads a small text file; undefined when absent, with the reason pushed to `warnings`. */
  async text(rel: string, warnings: string[], quietIfMissing = false): Promise<string | undefined> {
    const p = this.path(rel);
    try {
      return await readFile(p, 'latin1');
    } catch (err) {
      if (!(quietIfMissing && (err as NodeJS.ErrnoException).code === 'ENOENT')) {
        warnings.push(describeReadError(p, err));
      }
      return undefined;
    }
  }

  /**
   * Streams a file to `onChunk` with plain read() calls. /proc/net/tcp hands out about a page per
   * read whatever the buffer size, so a few thousand small synchronous reads beat a promise each,
   * and the pages are gathered into one buffer before `onChunk` sees them (one call per ~250 kB,
   * not per page). The chunk is valid only during the call.
   * Throws a TcpwatchError (ENOENT, EPERM, EMFILE, ...) when the file cannot be opened or read.
   */
  stream(rel: string, onChunk: (chunk: Buffer) => void): void {
    const p = this.path(rel);
    let fd: number;
    try {
      fd = openSync(p, 'r');
    } catch (err) {
      throw systemError(err, describeReadError(p, err));
    }
    const buf = Buffer.allocUnsafe(STREAM_BUFFER);
    let filled = 0;
    try {
      for (;;) {
        const n = readSync(fd, buf, filled, buf.length - filled, null);
        if (n <= 0) break;
        filled += n;
        if (buf.length - filled < STREAM_MIN_READ) {
          onChunk(buf.subarray(0, filled));
          filled = 0;
        }
      }
      if (filled > 0) onChunk(buf.subarray(0, filled));
    } catch (err) {
      throw systemError(err, describeReadError(p, err));
    } finally {
      closeSync(fd);
    }
  }
}

const STREAM_BUFFER = 256 * 1024;
/** Below this much free space the gathered pages are handed on: a read then still gets a whole page or more. */
const STREAM_MIN_READ = 16 * 1024;
