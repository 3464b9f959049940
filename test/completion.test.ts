// The completion scripts of `tcpwatch completion bash|zsh|fish`, run in the real shells: each
// offers the commands, the options, and the values where they are known. zsh and fish are
// skipped, with a message, where they are not installed (.ci/run installs them); so are the
// --netns tests that make a namespace or hide /run/netns, without root.
import { execa } from 'execa';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript } from '../src/completion/index.js';
import { SHELLS, type Shell } from '../src/completion/shells.js';
import { SOURCE_NAMES } from '../src/source/names.js';
import { COMMAND_NAMES } from '../src/usage.js';
import { ROOT, runCli } from './helpers/cli.js';
import { addNamedNetns } from './helpers/named-netns.js';

// the scripts and the zsh helper, readable by every user: one test runs the shells as nobody
const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-completion-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const zshComplete = join(dir, 'zsh-complete.zsh');
copyFileSync(join(ROOT, 'test/helpers/zsh-complete.zsh'), zshComplete);
chmodSync(zshComplete, 0o644);
const has = async (cmd: string, args = ['-c', 'exit 0']) => (await execa(cmd, args, { reject: false })).exitCode === 0;
const [hasZsh, hasFish, hasPs, hasIp, hasUnshare] = await Promise.all([has('zsh'), has('fish'), has('ps', ['-p', '1']), has('ip', ['netns', 'list']), has('unshare', ['--version'])]);
const isRoot = process.getuid?.() === 0;
if (!hasZsh) console.warn('skipped: the zsh completion tests need zsh (Debian: zsh)');
if (!hasFish) console.warn('skipped: the fish completion tests need fish (Debian: fish)');
if (!hasPs) console.warn("skipped: zsh's and fish's --pid completion need ps (Debian: procps)");
if (!isRoot || !hasIp) console.warn('skipped: completing a named namespace needs root and ip (Debian: iproute2)');
if (!isRoot || !hasUnshare) console.warn('skipped: completing --netns without /run/netns needs root and unshare (Debian: util-linux)');

/** The script as the built CLI prints it, saved for the shell to source. */
async function script(shell: Shell): Promise<string> {
  const r = await runCli(['completion', shell], { stripFinalNewline: false });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe(completionScript(shell));
  const file = join(dir, `tcpwatch.${shell}`);
  writeFileSync(file, r.stdout);
  chmodSync(file, 0o644);
  return file;
}

/** A word list, sorted, without the blank entries zsh adds for descriptions or the / fish puts after a folder. */
const words = (out: string) =>
  out
    .split('\n')
    .map((l) => (l.split('\t')[0] ?? '').replace(/(.)\/$/, '$1'))
    .filter(Boolean)
    .sort();

/**
 * What the shell offers for the words typed (the last one is being completed), and what it
 * printed to stderr. `wrap` is a command to run the shell under (a private /run, another user),
 * from dir, which every user can enter.
 */
async function complete(shell: Shell, typed: string[], wrap: string[] = []): Promise<{ words: string[]; stderr: string }> {
  const file = await script(shell);
  const run: Record<Shell, string[]> = {
    bash: ['bash', '-c', `source '${file}'; COMP_WORDS=(${typed.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${typed.length - 1}; _tcpwatch; printf '%s\\n' "\${COMPREPLY[@]}"`],
    zsh: ['zsh', zshComplete, file, typed.join(' ')],
    fish: ['fish', '--no-config', '-c', `source '${file}'; complete -C '${typed.join(' ')}'`],
  };
  const [cmd = '', ...args] = [...wrap, ...run[shell]];
  const r = await execa(cmd, args, { cwd: wrap.length > 0 ? dir : ROOT, timeout: 20_000 });
  return { words: words(r.stdout), stderr: r.stderr };
}

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
  // --netns takes a path too: files for a word that starts like one
  [['tcpwatch', '--netns', '/proc/self/ns/n'], ['/proc/self/ns/net']],
  [['tcpwatch', '--netns', './fixtures/linux/st'], ['./fixtures/linux/states']],
];

const expectPids = (w: string[]) => expect(w.filter((p) => !/^\d+$/.test(p))).toEqual([]);

describe('bash', () => {
  it.each(CASES)('%j', async (typed, want) => {
    const r = await complete('bash', typed);
    expect(r.words).toEqual(want);
    expect(r.stderr).toBe('');
  });

  it('--name=value: bash splits at the =, the value is completed', async () => {
    expect((await complete('bash', ['tcpwatch', '--source', '=', 'li'])).words).toEqual(['linux']);
  });

  it('--pid: the running processes', async () => {
    const r = await complete('bash', ['tcpwatch', '--pid', String(process.pid)]);
    expect(r.words).toContain(String(process.pid));
    expectPids(r.words);
  });
});

describe.skipIf(!hasZsh)('zsh', () => {
  it.each(CASES)('%j', async (typed, want) => {
    const r = await complete('zsh', typed);
    // zsh completes a path one folder at a time: its last one is the candidate
    expect(r.words).toEqual(expect.arrayContaining(want.map((w) => w.split('/').at(-1))));
    if (!want.some((w) => w.includes('/'))) expect(r.words).toEqual(want);
    expect(r.stderr).toBe('');
  });

  // _pids lists the processes of the shell's own terminal (ps with no options), as for kill
  it.skipIf(!hasPs)('--pid: the processes of the terminal', async () => {
    const r = await complete('zsh', ['tcpwatch', '--pid', '']);
    expect(r.words.length).toBeGreaterThan(0);
    expectPids(r.words);
  });
});

describe.skipIf(!hasFish)('fish', () => {
  it.each(CASES)('%j', async (typed, want) => {
    const r = await complete('fish', typed);
    expect(r.words).toEqual(want);
    expect(r.stderr).toBe('');
  });

  it.skipIf(!hasPs)('--pid: the running processes', async () => {
    const r = await complete('fish', ['tcpwatch', '--pid', String(process.pid)]);
    expect(r.words).toContain(String(process.pid));
    expectPids(r.words);
  });
});

const SHELLS_HERE = SHELLS.filter((s) => ({ bash: true, zsh: hasZsh, fish: hasFish })[s]);

describe.skipIf(!isRoot || !hasIp)('--netns NAME: the namespaces of ip netns add (root)', () => {
  let netns: Awaited<ReturnType<typeof addNamedNetns>> | undefined;
  beforeAll(async () => {
    netns = await addNamedNetns('compl');
  });
  afterAll(async () => netns?.remove());

  it.each(SHELLS_HERE)('%s: --netns tcpw offers it', async (shell) => {
    const r = await complete(shell, ['tcpwatch', '--netns', 'tcpw']);
    expect(r.words).toContain(netns?.name);
    expect(r.stderr).toBe('');
  });

  it.each(SHELLS_HERE)('%s: --netns=tcpw offers it', async (shell) => {
    // bash splits the word at the = (COMP_WORDBREAKS); fish offers the whole word back
    const r = await complete(shell, shell === 'bash' ? ['tcpwatch', '--netns', '=', 'tcpw'] : ['tcpwatch', '--netns=tcpw']);
    expect(r.words).toContain(shell === 'fish' ? `--netns=${netns?.name}` : netns?.name);
    expect(r.stderr).toBe('');
  });
});

describe.skipIf(!isRoot || !hasUnshare)('--netns without a readable /run/netns: nothing offered, nothing printed', () => {
  // an empty tmpfs over /run in a mount namespace of its own: the host's /run/netns is untouched
  const privateRun = (then: string) => ['unshare', '--mount', 'sh', '-c', `mount -t tmpfs tcpwatch-test /run && ${then} "$@"`, 'sh'];

  it.each(SHELLS_HERE)('%s: missing', async (shell) => {
    expect(await complete(shell, ['tcpwatch', '--netns', ''], privateRun('exec'))).toEqual({ words: [], stderr: '' });
  });

  it.each(SHELLS_HERE)('%s: unreadable (nobody, a folder of mode 0700)', async (shell) => {
    const asNobody = privateRun('mkdir -m 700 /run/netns && touch /run/netns/tcpw-hidden && exec setpriv --reuid=65534 --regid=65534 --clear-groups');
    expect(await complete(shell, ['tcpwatch', '--netns', ''], asNobody)).toEqual({ words: [], stderr: '' });
  });
});
