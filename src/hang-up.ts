/**
 * The terminal hung up (ssh dropped). Node 20 aborts with a core dump when, on exit, it cannot
 * reset a terminal that is gone (nodejs/node#51519, fixed by #58200 in later lines), so end by
 * SIGHUP's default action instead: no exit handlers, status 128+1 as the shell sees it.
 */
export function hangUp(): void {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
}
