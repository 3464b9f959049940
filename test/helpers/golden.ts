import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Compares output with a golden file under test/golden; `UPDATE_GOLDEN=1 npm test` rewrites it
 * (then review the diff before committing, as node_exporter's end-to-end test does).
 */
export function expectGolden(name: string, actual: string): void {
  const path = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Host names and clocks differ between runs: replace them with fixed words. */
export function normalize(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/"host": "[^"]*"/g, '"host": "HOST"')
    .replace(/^tcpwatch {2}\S+ {2}/m, 'tcpwatch  HOST  ');
}
