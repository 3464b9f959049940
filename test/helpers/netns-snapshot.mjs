// Run as `unshare -n node netns-snapshot.mjs CLI`: makes a load in the fresh namespace, then takes
// `tcpwatch --once --json` and `ss -tan` back to back and prints both as one JSON object.
import { execFileSync } from 'node:child_process';
import { openLoad } from './loopback.mjs';

const cli = process.argv[2];
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('sysctl', ['-qw', 'net.ipv4.tcp_tw_reuse=0']);
const v4 = await openLoad({ host: '127.0.0.1', established: 7, timeWait: 5, closeWait: 3 });
const v6 = await openLoad({ host: '::1', established: 4, timeWait: 2, closeWait: 1 });
const json = execFileSync('node', [cli, '--once', '--json'], { encoding: 'utf8' });
const ss = execFileSync('ss', ['-tanH'], { encoding: 'utf8' });
const json2 = execFileSync('node', [cli, '--once', '--json'], { encoding: 'utf8' });
process.stdout.write(JSON.stringify({ json: JSON.parse(json), json2: JSON.parse(json2), ss, ports: { v4: v4.port, v6: v6.port } }));
await v4.close();
await v6.close();
