// --all-netns --once: an unreadable namespace's reason below the table, so no row is wider for it.
import { describe, expect, it } from 'vitest';
import type { JudgedNetns } from '../../src/types.js';
import { renderNetnsTable } from '../../src/views/netns-table.js';
import { twSample } from '../helpers/synthetic.js';

describe('--all-netns --once table', () => {
  const reason = 'netns /run/netns/locked: cannot enter it (sock_diag setns(network namespace): Operation not permitted: entering a namespace needs root)';
  const entries: JudgedNetns[] = [
    { netns: { inode: 1, sameAsReader: true }, sample: twSample(0, 5), alerts: [] },
    { netns: { inode: 2, name: 'locked' }, error: reason },
  ];

  it('the row says unreadable; the reason follows in its own section, wrapped on a terminal', () => {
    const text = renderNetnsTable('h', 0, entries, [], 10);
    const rows = text.slice(0, text.indexOf('\nUNREADABLE')).split('\n');
    expect(rows.find((l) => l.startsWith('locked'))).toMatch(/ unreadable$/);
    for (const l of rows) expect(l.trimEnd().length).toBeLessThanOrEqual(90);
    expect(text).toContain(`UNREADABLE\n  locked: ${reason.replace('netns /run/netns/locked: ', '')}\n`);
    const narrow = renderNetnsTable('h', 0, entries, [], 10, 79);
    const section = narrow.slice(narrow.indexOf('UNREADABLE'), narrow.indexOf('\nWORST'));
    for (const l of section.split('\n')) expect(l.length).toBeLessThanOrEqual(79);
    expect(section.replace(/\s+/g, ' ')).toContain(reason.replace('netns /run/netns/locked: ', ''));
  });

  it('CONTAINER and POD columns only where some namespace has one', () => {
    expect(renderNetnsTable('h', 0, entries, [], 10).split('\n')[2]).toMatch(/^NETNS +ESTAB +TIME_WAIT/);
    const pod: JudgedNetns = { netns: { inode: 3, container: { runtime: 'containerd', id: '0123456789ab' }, pod: { uid: 'u-1', name: 'default/web-0' } }, sample: twSample(0, 1), alerts: [] };
    expect(renderNetnsTable('h', 0, [...entries, pod], [], 10).split('\n')[2]).toMatch(/^NETNS +CONTAINER +POD +ESTAB/);
    expect(renderNetnsTable('h', 0, [...entries, pod], [], 10)).toMatch(/containerd 0123456789ab +default\/web-0 /);
  });

  it('namespaces unreadable for the same reason share one line', () => {
    const also: JudgedNetns = { netns: { inode: 4, name: 'locked2' }, error: reason.replace('locked', 'locked2') };
    const text = renderNetnsTable('h', 0, [...entries, also], [], 10);
    expect(text).toContain('UNREADABLE\n  locked, locked2: cannot enter it (sock_diag setns(network namespace): Operation not permitted: entering a namespace needs root)\n');
  });
});
