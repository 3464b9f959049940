import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectGolden } from './golden.js';

describe('expectGolden', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('a missing golden fails, says how to write it, and writes nothing', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    const name = 'no-such-golden.txt';
    expect(() => expectGolden(name, 'anything')).toThrow(/test\/golden\/no-such-golden\.txt is missing: run the test with UPDATE_GOLDEN=1/);
    expect(existsSync(new URL(`../golden/${name}`, import.meta.url))).toBe(false);
  });

  it('a golden that differs fails', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    expect(() => expectGolden('rules.txt', 'not the rules')).toThrow();
  });
});
