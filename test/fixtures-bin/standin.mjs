// Shared by the stand-in programs: tiny real executables that print captured output in place of
// netstat, netsh, reg, chcp and sysctl (the way execa's own tests spawn test/fixtures/*.js).
// STANDIN_<NAME>=hang  never answers (the source must time out)
// STANDIN_<NAME>=fail  prints an error and exits 1
// STANDIN_<NAME>=crash dies of a signal (SIGKILL) without output
// NETSTAT_SEQUENCE=A,B,...  with NETSTAT_SEQUENCE_STATE=FILE: each table read prints the next
//   capture (the last one again once they run out), for rates between samples
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A capture by its path under fixtures/, or by an absolute path (one a test derived). */
export function fixture(rel) {
  return readFileSync(rel.startsWith('/') ? rel : new URL(`../../fixtures/${rel}`, import.meta.url));
}

/** The capture this read prints: NETSTAT_FIXTURE (or `fallback`), or the next of NETSTAT_SEQUENCE; `advance` counts this read. */
export function netstatCapture(fallback, advance = true) {
  const seq = process.env.NETSTAT_SEQUENCE?.split(',');
  const state = process.env.NETSTAT_SEQUENCE_STATE;
  if (!seq || !state) return process.env.NETSTAT_FIXTURE ?? fallback;
  const n = existsSync(state) ? Number(readFileSync(state, 'utf8')) : 0;
  if (advance) writeFileSync(state, String(n + 1));
  return seq[Math.min(n, seq.length - 1)];
}

/** Runs `print` unless the environment asks this stand-in to hang or fail. */
export function standIn(name, print) {
  const mode = process.env[`STANDIN_${name.toUpperCase()}`];
  if (mode === 'hang') {
    setInterval(() => {}, 1000);
    return;
  }
  if (mode === 'crash') {
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  if (mode === 'fail') {
    process.stderr.write(`${name}: stand-in told to fail\n`);
    process.exit(1);
  }
  print();
}
