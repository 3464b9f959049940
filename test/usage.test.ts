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
  it('prints every usage line, option and environment variable with its first line of help', () => {
    for (const u of USAGE) expect(HELP).toContain(`  tcpwatch ${u.synopsis}`.trimEnd());
    for (const o of ALL_OPTIONS) expect(HELP).toMatch(new RegExp(`${escape(optionLabel(o))}\\s+${escape(o.help[0] ?? '')}`));
    for (const e of ENVIRONMENT) expect(HELP).toContain(e.name);
  });

  it('keeps descriptions in one column', () => {
    expect(HELP).toContain('  -n, --interval DUR            time between samples');
    // an option too long for the column gets its help on the next line, at the column
    expect(HELP).toContain(`      --on-alert CMD [ARG...] [--]\n${' '.repeat(32)}live: run CMD`);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
