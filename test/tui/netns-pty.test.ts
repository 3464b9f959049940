// The real TUI with --all-netns in a pseudo-terminal, over named network namespaces the test makes.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNamedNetns, ssStates } from '../helpers/named-netns.js';
import { PtySession } from '../helpers/pty.js';
import { sockdiagForTests } from '../helpers/sockdiag-addon.js';

const isRoot = process.getuid?.() === 0;
const canEnter = isRoot && sockdiagForTests() !== undefined;
const HOLDER = fileURLToPath(new URL('../helpers/netns-holder.mjs', import.meta.url));

/** A namespace's row in the list, split into words (the selection mark dropped). */
const rowOf = (s: PtySession, name: string) =>
  s
    .lines()
    .find((l) => l.slice(1).startsWith(`${name} `))
    ?.slice(1)
    .trim()
    .split(/\s+/);

describe.skipIf(!canEnter)('TUI --all-netns: the namespaces view over real namespaces (root, sock_diag addon)', () => {
  let full: Awaited<ReturnType<typeof addNamedNetns>>;
  let roomy: Awaited<ReturnType<typeof addNamedNetns>>;
  let empty: Awaited<ReturnType<typeof addNamedNetns>>;
  const spawnHolder = (name: string) => execa('ip', ['netns', 'exec', name, 'node', HOLDER], { stdin: 'pipe', timeout: 60_000, reject: false });
  const holders: Array<ReturnType<typeof spawnHolder>> = [];
  const startHolder = async (name: string) => {
    const h = spawnHolder(name);
    holders.push(h);
    await new Promise((resolve, reject) => {
      h.stdout?.once('data', resolve);
      void h.then((r) => reject(new Error(`holder ended early: ${String(r.stderr)}`)));
    });
  };
  let s: PtySession;

  beforeAll(async () => {
    // the holder leaves 3 TIME_WAIT: all of the first one's 3 buckets (critical), 0.3 % of the second's
    full = await addNamedNetns('tA', ['net.ipv4.tcp_max_tw_buckets=3']);
    roomy = await addNamedNetns('tB', ['net.ipv4.tcp_max_tw_buckets=1000']);
    empty = await addNamedNetns('tC', ['net.ipv4.tcp_max_tw_buckets=77']);
    await startHolder(full.name);
    await startHolder(roomy.name);
    // tall and wide: other tests' namespaces may be listed too; the names stay whole
    s = new PtySession(['--all-netns', '--interval', '300ms', '--max-cpu', '100%'], { cols: 120, rows: 60 });
    await s.started();
  });
  afterAll(async () => {
    s.kill();
    for (const h of holders) h.stdin?.end();
    await Promise.all(holders);
    for (const n of [full, roomy, empty]) await n.remove();
  });

  it('starts on the list: each row counts what ss -tan counts inside it, TIME_WAIT against its own buckets', async () => {
    await s.until('the three namespaces', () => [full, roomy, empty].every((n) => rowOf(s, n.name) !== undefined));
    expect(s.lines()[0]).toMatch(/tcpwatch .* \d+ network namespaces .* LIVE/);
    expect(s.screen()).toContain('NETWORK NAMESPACES worst first');
    for (const n of [full, roomy]) {
      const ss = await ssStates(n.name);
      expect(ss.ESTABLISHED, n.name).toBeGreaterThan(0);
      // NETNS ESTAB TIME_WAIT CLOSE_WAIT TW/BKT DST/RNG ALERTS...
      await s.until(`${n.name}'s counts`, () => rowOf(s, n.name)?.slice(1, 4).join(' ') === [ss.ESTABLISHED, ss.TIME_WAIT, ss.CLOSE_WAIT].map((x) => String(x ?? 0)).join(' '));
    }
    // raised once two samples agree, judged over that namespace's own history
    await s.until('the full one critical', () => rowOf(s, full.name)?.slice(6).join(' ') === 'CRITICAL tw_buckets');
    expect(rowOf(s, full.name)?.slice(4)).toEqual(['100.0%', '0.0%', 'CRITICAL', 'tw_buckets']);
    expect(rowOf(s, roomy.name)?.slice(4, 7)).toEqual(['0.3%', '0.0%', 'ok']);
    expect(rowOf(s, empty.name)?.slice(1)).toEqual(['0', '0', '0', '0.0%', '0.0%', 'ok']);
    // worst first: the critical one above the others
    const at = (name: string) => s.lines().findIndex((l) => l.slice(1).startsWith(`${name} `));
    expect(at(full.name)).toBeLessThan(at(roomy.name));
  });

  it('Enter opens the selected namespace with its name in the header, N goes back to the list', async () => {
    // walk the selection down to the one holding sockets with room (bounded by the rows listed)
    for (let i = 0; i < 50 && !s.lines().some((l) => l.startsWith(`>${roomy.name} `)); i++) {
      const before = s.screen();
      s.press('\x1b[B');
      await s.until('the selection to move', () => s.screen() !== before, 5000).catch(() => undefined);
    }
    expect(s.lines().some((l) => l.startsWith(`>${roomy.name} `))).toBe(true);
    s.press('\r');
    await s.until('the namespace opened', () => s.lines()[0]?.includes(`netns ${roomy.name}`) ?? false);
    const ss = await ssStates(roomy.name);
    await s.until('its own counts', () => s.row('TIME_WAIT')?.[1] === String(ss.TIME_WAIT) && s.row('ESTABLISHED')?.[1] === String(ss.ESTABLISHED));
    // its own limit: 3 timewait of its 1,000 buckets
    expect(s.screen()).toMatch(/ 3\/1,000/);
    expect(s.lines().at(-1)).toContain('N namespaces');
    // P: the owners inside the namespace opened (its holder, a node process), not tcpwatch's own namespace's
    s.press('P');
    await s.until('its socket owners', () => /PROCESSES holding .*\(\d+ found\)/.test(s.screen()) && /\d+ +node +[1-9]\d* +[1-9]/.test(s.screen()), 20_000);
    s.press('P');
    s.press('N');
    await s.until('the list again', () => s.screen().includes('NETWORK NAMESPACES worst first'));
  });

  it('a namespace deleted between ticks disappears from the list, and the monitor goes on', async () => {
    await empty.remove();
    await s.until('the deleted one gone', () => rowOf(s, empty.name) === undefined && rowOf(s, full.name) !== undefined);
    const t0 = s.lines()[0];
    await s.until('a later round', () => s.lines()[0] !== t0);
    expect(s.exited).toBe(false);
    expect(s.lines()[0]).toContain('LIVE');
  });

  it('fits 80x24: the list, its column heads and its keys', async () => {
    s.resize(80, 24);
    await s.until('80 columns', () => s.lines()[0]?.length !== undefined && s.lines().at(-1)?.includes('Enter open') === true && s.lines().every((l) => l.length <= 80));
    expect(s.lines()[2]).toMatch(/^NETNS +ESTAB TIME_WAIT CLOSE_WAIT +TW\/BKT DST\/RNG ALERTS/);
    s.press('q');
    const end = await s.ended();
    expect(end.code).toBe('0');
  });
});
if (!canEnter) console.warn('skipped: TUI --all-netns needs root and the sock_diag addon (ip netns add, setns)');
