// check --all-netns: the worst namespace read decides, and what could not be read is never called OK.
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../src/rules/config.js';
import type { Alert, JudgedNetns } from '../../src/types.js';
import { checkAllNetns } from '../../src/views/check.js';
import { twSample } from '../helpers/synthetic.js';

const critical: Alert = { rule: 'tw_buckets', level: 'critical', value: 990, limit: 1000, since: 0, message: '990 timewait sockets of tcp_max_tw_buckets 1,000 (99.0%)', remedy: 'raise it' };
const host: JudgedNetns = { netns: { inode: 1, sameAsReader: true }, sample: twSample(0, 5), alerts: [] };
const locked: JudgedNetns = { netns: { inode: 2, name: 'locked' }, error: 'cannot enter it (EPERM: entering a namespace needs root)' };

describe('check --all-netns', () => {
  it('all read and quiet: OK, worst of all', () => {
    const r = checkAllNetns([host], defaultRulesConfig());
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/^TCPWATCH OK - netns host \(worst of 1\): /);
  });

  it('the ones read quiet but some unreadable (not root): UNKNOWN, saying how many and why', () => {
    const r = checkAllNetns([host, locked], defaultRulesConfig());
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/^TCPWATCH UNKNOWN - 1 of 2 network namespaces could not be read; netns host \(worst of 1 read, 1 unreadable\): /);
    expect(r.text).toContain('note: netns locked unreadable: cannot enter it (EPERM: entering a namespace needs root)');
  });

  it('a problem found stands over the unreadable ones', () => {
    const busy: JudgedNetns = { netns: { inode: 3, name: 'busy' }, sample: twSample(0, 990), alerts: [critical] };
    const r = checkAllNetns([host, locked, busy], defaultRulesConfig());
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/^TCPWATCH CRITICAL - netns busy \(worst of 2 read, 1 unreadable\): tw_buckets: /);
  });
});
