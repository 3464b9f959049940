// What discovery says about processes whose network namespace link it was denied.
import { describe, expect, it } from 'vitest';
import { deniedWarning } from '../../src/source/netns-discovery.js';

describe('deniedWarning', () => {
  it('nothing when every link was read (processes that ended meanwhile are no loss)', () => {
    expect(deniedWarning([], false)).toBeUndefined();
    expect(deniedWarning([], true)).toBeUndefined();
  });

  it('not root: other users, and the way to see them', () => {
    expect(deniedWarning([812, 77], false)).toBe('2 process(es) of other users whose network namespace could not be read (pid 77, 812): run as root to see every namespace');
  });

  it('root (a sandbox that denies PID 1 even to root): not "another user\'s", with the first pids named', () => {
    const w = deniedWarning([9, 8, 7, 6, 5, 1], true);
    expect(w).toMatch(/^6 process\(es\) whose network namespace is denied even to root \(pid 1, 5, 6, 7, 8, \.\.\.: /);
    expect(w).not.toMatch(/other users|run as root/);
  });
});
