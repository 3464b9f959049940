// The one description of commands and options that --help, the man page and the completions are
// rendered from: it must list what the parser takes, and --help must print all of it.
import { describe, expect, it } from 'vitest';
import { COMMANDS, parseArgs } from '../src/args.js';
import { HELP } from '../src/help.js';
import { HELP_LINES } from '../src/tui/panels/help.js';
import { ALL_OPTIONS, COMMAND_NAMES, ENVIRONMENT, NOTES, optionLabel, USAGE } from '../src/usage.js';

describe('usage.ts', () => {
  it('names every command the parser knows, and no other', () => {
    expect(COMMAND_NAMES.length).toBeGreaterThan(5);
    expect([...COMMAND_NAMES].sort()).toEqual([...COMMANDS].sort());
  });

  it('every option it lists is one the parser takes (a flag alone, a value option with its value missing)', () => {
    expect(ALL_OPTIONS.length).toBeGreaterThan(25);
    for (const o of ALL_OPTIONS) {
      for (const name of o.short ? [o.short, o.long] : [o.long]) {
        // a flag alone parses, or is refused for a missing companion (--all-netns without --once)
        if (o.arg === undefined) expect(() => parseArgs([name]), name).not.toThrow(/unknown option/);
        else expect(() => parseArgs([name]), name).toThrow(/needs a/);
      }
    }
  });

  it('names are unique', () => {
    const names = ALL_OPTIONS.flatMap((o) => (o.short ? [o.short, o.long] : [o.long]));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('the keys in --help and the man page', () => {
  it("name every key the TUI's own help lists", () => {
    const note = NOTES.find((n) => n.man === 'KEYS')?.help.join(' ') ?? '';
    // the key column of the overlay: its first spelling, spaces dropped ("4 / 6 / a" -> "4/6/a")
    const keys = HELP_LINES.filter((l) => /^ {2}\S/.test(l)).map((l) => (l.slice(2, 14).split(',')[0] ?? '').replace(/\s+/g, ''));
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) expect(note, k).toContain(k);
    expect(note).toContain('Enter open');
  });
});

describe('--help', () => {
  // the help is filled to the width, so compared with its line breaks as spaces
  const flat = (s: string) => s.replace(/\s+/g, ' ');

  it('prints every usage line, option and environment variable with all of its help', () => {
    for (const u of USAGE) expect(flat(HELP)).toContain(flat(`tcpwatch ${u.synopsis} ${u.help.join(' ')}`));
    for (const o of ALL_OPTIONS) expect(flat(HELP)).toContain(flat(`${optionLabel(o)} ${o.help.join(' ')}`));
    for (const e of ENVIRONMENT) expect(flat(HELP)).toContain(flat(`${e.name} ${e.help.join(' ')}`));
    for (const n of NOTES) expect(flat(HELP)).toContain(flat(`${n.heading}: ${n.help.join(' ')}`));
  });

  it('fits an 80-column terminal, descriptions in one column', () => {
    const lines = HELP.trimEnd().split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(HELP).toContain('  -n, --interval DUR        time between samples');
    // an option too long for the column gets its help on the next line, at the column
    expect(HELP).toContain(`      --on-alert CMD [ARG...] [--]\n${' '.repeat(28)}live: run CMD`);
    // continuation lines start at the column too
    const at = lines.findIndex((l) => l.startsWith('      --all-netns '));
    expect(lines[at + 1]).toMatch(/^ {28}\S/);
  });
});
