// What may import what: the pure layers (parsers, sources, rules, the sample and its history)
// never reach up into the views, the TUI, the commands, serve or replay; the views never into the
// TUI or the commands, nor the TUI into the views. Read from the import lines of every file under src/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Which folders or files (relative to src/, no extension) a layer must not import. */
const RULES: Array<{ layer: RegExp; forbidden: RegExp }> = [
  {
    layer: /^(parse|source|rules|codec)\/|^(tally|history|sample|states|types|format|wrap)(\/|-|$)/,
    forbidden: /^(views|tui|commands|serve|replay)(\/|$)/,
  },
  { layer: /^views\//, forbidden: /^(tui|commands)(\/|$)/ },
  // the TUI and the text views meet through the monitor's types, never each other's modules
  { layer: /^tui\//, forbidden: /^(views|commands)(\/|$)/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'native' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative module specifiers of `import ... from`, `export ... from` and `import(...)`. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined && spec.startsWith('.')) out.push(spec);
  }
  return out;
}

/** A file's path under src/ without its extension: `rules/engine`. */
const moduleName = (path: string) =>
  relative(SRC, path)
    .replace(/\\/g, '/')
    .replace(/\.[jt]s$/, '');

describe('layers', () => {
  const files = sourceFiles(SRC);
  const edges = files.flatMap((f) => importsOf(readFileSync(f, 'utf8')).map((spec) => ({ from: moduleName(f), to: moduleName(resolve(dirname(f), spec)) })));

  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
    // the patterns must see static, type-only, multi-line and dynamic imports alike
    expect(edges).toContainEqual({ from: 'rules/engine', to: 'rules/index' });
    expect(edges).toContainEqual({ from: 'cli', to: 'commands/once' });
    expect(edges.some((e) => e.from.startsWith('source/') && e.to === 'types')).toBe(true);
  });

  it('no layer imports one above it', () => {
    const bad = edges.filter((e) => RULES.some((r) => r.layer.test(e.from) && r.forbidden.test(e.to))).map((e) => `${e.from} -> ${e.to}`);
    expect(bad).toEqual([]);
  });

  it('catches a forbidden import when there is one', () => {
    const text = "import { renderTable } from '../views/table.js';\nimport type {\n  Alert,\n} from '../tui/model.js';\nconst m = await import('../serve/run.js');\n";
    expect(importsOf(text)).toEqual(['../views/table.js', '../tui/model.js', '../serve/run.js']);
  });
});
