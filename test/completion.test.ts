// The completion scripts of `tcpwatch completion bash|zsh|fish`, run in the real shells: each
// offers the commands, the options, and the values where they are known. zsh and fish are
// skipped, with a message, where they are not installed (.ci/run installs them).
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completionScript } from '../src/completion/index.js';
import { SOURCE_NAMES } from '../src/source/names.js';
import { COMMAND_NAMES } from '../src/usage.js';
import { ROOT, runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const has = async (shell: string) => (await execa(shell, ['-c', 'exit 0'], { reject: false })).exitCode === 0;
const [hasZsh, hasFish] = await Promise.all([has('zsh'), has('fish')]);
if (!hasZsh) console.warn('skipped: the zsh completion tests need zsh (Debian: zsh)');
if (!hasFish) console.warn('skipped: the fish completion tests need fish (Debian: fish)');

/** The script as the built CLI prints it, saved for the shell to source. */
async function script(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
  const r = await runCli(['completion', shell], { stripFinalNewline: false });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe(completionScript(shell));
  const file = join(dir, `tcpwatch.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

/** A word list, sorted, without the blank entries zsh adds for descriptions or the / fish puts after a folder. */
const words = (out: string) =>
  out
    .split('\n')
    .map((l) => (l.split('\t')[0] ?? '').replace(/(.)\/$/, '$1'))
    .filter(Boolean)
    .sort();

/** [the words typed so far (the last one is being completed), what the shell must offer]. */
const CASES: Array<[string[], string[]]> = [
  [['tcpwatch', ''], [...COMMAND_NAMES].sort()],
  [['tcpwatch', 'an'], ['analyze']],
  [['tcpwatch', '--sou'], ['--source']],
  [['tcpwatch', '--source', ''], [...SOURCE_NAMES].sort()],
  [
    ['tcpwatch', 'analyze', '--format', 'netstat-'],
    ['netstat-darwin', 'netstat-linux', 'netstat-windows'],
  ],
  [
    ['tcpwatch', 'completion', ''],
    ['bash', 'fish', 'zsh'],
  ],
  [['tcpwatch', 'serve', '--li'], ['--listen']],
  [['tcpwatch', '--proc-root', 'fixtures/linux/st'], ['fixtures/linux/states']],
];

describe('bash', () => {
  it.each(CASES)('%j', async (typed, want) => {
    const file = await script('bash');
    const words_ = typed.map((w) => `'${w}'`).join(' ');
    const r = await execa('bash', ['-c', `source '${file}'; COMP_WORDS=(${words_}); COMP_CWORD=${typed.length - 1}; _tcpwatch; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: ROOT });
    expect(words(r.stdout)).toEqual(want);
  });

  it('--name=value: bash splits at the =, the value is completed', async () => {
    const file = await script('bash');
    const r = await execa('bash', ['-c', `source '${file}'; COMP_WORDS=(tcpwatch --source = li); COMP_CWORD=3; _tcpwatch; echo "\${COMPREPLY[@]}"`]);
    expect(r.stdout).toBe('linux');
  });
});

describe.skipIf(!hasZsh)('zsh', () => {
  it.each(CASES)('%j', async (typed, want) => {
    const file = await script('zsh');
    const r = await execa('zsh', [join(ROOT, 'test/helpers/zsh-complete.zsh'), file, typed.join(' ')], { cwd: ROOT, timeout: 20_000 });
    // zsh completes a path one folder at a time: its last one is the candidate
    expect(words(r.stdout)).toEqual(expect.arrayContaining(want.map((w) => w.split('/').at(-1))));
    if (!want.some((w) => w.includes('/'))) expect(words(r.stdout)).toEqual(want);
  });
});

describe.skipIf(!hasFish)('fish', () => {
  it.each(CASES)('%j', async (typed, want) => {
    const file = await script('fish');
    const r = await execa('fish', ['--no-config', '-c', `source '${file}'; complete -C '${typed.join(' ')}'`], { cwd: ROOT });
    expect(words(r.stdout)).toEqual(want);
  });
});
