#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs, type CliOptions } from './args.js';
import { expectedFailure, UsageError } from './errors.js';
import { hangUp } from './hang-up.js';
import { wantsTui } from './tui/mode.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

interface CommandModule {
  run(o: CliOptions): Promise<number>;
}

/**
 * The module that runs this command line. Each is imported only here, when it runs: a one-shot
 * command then loads only what it uses (node's start-up is most of its cost).
 */
function commandFor(o: CliOptions): Promise<CommandModule> {
  switch (o.command) {
    case 'analyze':
      return import('./commands/once.js');
    case 'check':
      return import('./commands/check.js');
    case 'advise':
      return import('./commands/advise.js');
    case 'rules':
      return import('./commands/rules.js');
    case 'serve':
      return import('./commands/serve.js');
    case 'replay':
      return import('./commands/replay.js');
    case 'lint':
      return import('./commands/lint.js');
    case 'live':
      if (o.once) return import('./commands/once.js');
      // blessed is loaded only here: the other modes do not need it
      if (wantsTui(Boolean(process.stdout.isTTY), o.json, process.env.TERM)) return import('./commands/tui.js');
      return import('./commands/lines.js');
    default:
      throw new UsageError(`${String(o.command satisfies never)} is not available yet`);
  }
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  if (o.help) {
    process.stdout.write((await import('./help.js')).HELP);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`tcpwatch ${version()}\n`);
    return 0;
  }
  return (await commandFor(o)).run(o);
}

// A reader that goes away (`tcpwatch --json | head -1`) is a normal end, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  if (err.code === 'EIO') return hangUp();
  throw err;
});

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    const e = expectedFailure(err);
    if (!e) {
      // a bug: its stack says where
      process.stderr.write(`tcpwatch: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
      return;
    }
    // a monitoring system reads stdout and the exit code: bad flags there are UNKNOWN (3)
    if (argv.includes('check') && e.code === 'EUSAGE') {
      const r = (await import('./views/check.js')).checkUnknown(e.message);
      process.stdout.write(r.text);
      process.exitCode = r.code;
      return;
    }
    process.stderr.write(`tcpwatch: ${e.message}\n`);
    process.exitCode = e.exitCode;
  },
);
