import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Compares output with a golden file under test/golden; `UPDATE_GOLDEN=1 npm test` writes it
 * (then review the diff before committing, as node_exporter's end-to-end test does). A missing
 * golden fails: written silently, it would pass whatever the output is.
 */
export function expectGolden(name: string, actual: string): void {
  const path = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  else if (!existsSync(path)) throw new Error(`golden file test/golden/${name} is missing: run the test with UPDATE_GOLDEN=1 to write it, then review it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Host names and clocks differ between runs: replace them with fixed words. */
export function normalize(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/"host": "[^"]*"/g, '"host": "HOST"')
    .replace(/^tcpwatch {2}\S+ {2}/m, 'tcpwatch  HOST  ');
}
