// Run as `unshare -n node netns-holder.mjs`: a stand-in for a container's process. Opens a load
// on loopback in its fresh network namespace, prints its ports as one JSON line, then holds the
// sockets until its stdin closes (the test ends it), closing everything on the way out.
import { execFileSync } from 'node:child_process';
import { openLoad } from './loopback.mjs';

execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('sysctl', ['-qw', 'net.ipv4.tcp_tw_reuse=0']);
const load = await openLoad({ host: '127.0.0.1', established: 4, timeWait: 3, closeWait: 2 });
process.stdout.write(`${JSON.stringify({ pid: process.pid, port: load.port, leakyPort: load.leakyPort })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await load.close();
  process.exit(0);
});
// never outlive the test by more than a minute, whatever happens to it
setTimeout(() => process.exit(0), 60_000).unref();
