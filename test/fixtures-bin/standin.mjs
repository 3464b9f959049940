// Shared by the stand-in programs: tiny real executables that print captured output in place of
// netstat, netsh, reg, chcp and sysctl (the way execa's own tests spawn test/fixtures/*.js).
// STANDIN_<NAME>=hang  never answers (the source must time out)
// STANDIN_<NAME>=fail  prints an error and exits 1
// STANDIN_<NAME>=crash dies of a signal (SIGKILL) without output
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function fixture(rel) {
  return readFileSync(new URL(`../../fixtures/${rel}`, import.meta.url));
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
