// An --on-alert command for tests: appends one JSON line per run to the file named by argv[2]:
// what it read on stdin and the TCPWATCH_* environment variables.
import { appendFileSync } from 'node:fs';

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('TCPWATCH_')));
  appendFileSync(process.argv[2], `${JSON.stringify({ stdin: input, env, args: process.argv.slice(3) })}\n`);
});
