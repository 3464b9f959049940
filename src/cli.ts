#!/usr/bin/env node
import { parseArgs, type CliOptions } from './args.js';
import { expectedFailure, UsageError } from './errors.js';
import { hangUp } from './hang-up.js';
import { outputFailure } from './output-failure.js';
import { wantsTui } from './tui/mode.js';

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
      if (o.allNetns) return import('./commands/all-netns.js');
      return import('./commands/check.js');
    case 'advise':
      return import('./commands/advise.js');
    case 'rules':
      return import('./commands/rules.js');
    case 'serve':
      return import('./commands/serve.js');
    case 'replay':
      return import('./commands/replay.js');
    case 'completion':
      return import('./commands/completion.js');
    case 'lint':
      return import('./commands/lint.js');
    case 'live':
      if (o.once && o.allNetns) return import('./commands/all-netns.js');
      if (o.once) return import('./commands/once.js');
      // blessed is loaded only here: the other modes do not need it
      if (wantsTui(Boolean(process.stdout.isTTY), o.json, process.env.TERM)) return import('./commands/tui.js');
      if (o.allNetns) throw new UsageError('live --all-netns needs a terminal (the TUI); without one use --all-netns --once [--json] or check --all-netns');
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
  if (o.version) return (await import('./commands/version.js')).run(o);
  return (await commandFor(o)).run(o);
}

const argv = process.argv.slice(2);

// A reader that goes away (`tcpwatch --json | head -1`) is a normal end, a full disk one line: never a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // check's status is read by a monitoring system: 3 (UNKNOWN), not 1 (WARNING)
  const f = outputFailure(err, Boolean(process.stdout.isTTY), argv.includes('check') ? 3 : 1);
  if (f.kind === 'hang-up') return hangUp();
  // stderr may be the same broken file: then there is no one to tell
  if (f.message !== undefined) process.stderr.write(`tcpwatch: ${f.message}\n`, () => undefined);
  process.exit(f.status);
});

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
