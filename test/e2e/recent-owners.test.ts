import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stateFromName } from '../../src/states.js';
import { CLI } from '../helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('../helpers/netns-owners.mjs', import.meta.url));

interface Owner {
  pid: number;
  command: string;
  sockets: number;
  seen_ago_s?: number;
}
interface Dest {
  states: Record<string, number>;
  owners?: Owner[];
}

const isRoot = process.getuid?.() === 0;
describe.skipIf(!isRoot)('likely authors from recent samples (root, a network namespace)', () => {
  it('a process that held a destination’s connections and closed them stays its likely author, said with when it was seen', { timeout: 60_000 }, async () => {
    const r = await execa('unshare', ['-n', 'node', SCRIPT, CLI], { timeout: 40_000 });
    const { child, docs } = JSON.parse(r.stdout) as { child: number; docs: Array<{ time: string; dest?: Dest; ss?: string }> };
    // while it holds them: named from this sample
    const holding = docs.find((d) => d.dest?.owners?.some((o) => o.pid === child && o.seen_ago_s === undefined));
    expect(holding?.dest?.states.ESTABLISHED).toBe(5);
    expect(holding?.dest?.owners?.[0]).toMatchObject({ pid: child, command: 'node', sockets: 5 });
    // after the close: only TIME_WAIT toward it, which has no owner; the author is the one seen before
    const last = docs.at(-1);
    const after = last?.dest;
    // what the kernel had toward it when that document came (all five in TIME_WAIT, unless the
    // server's FIN was late: then FIN_WAIT2, which no process holds either)
    const kernel: Record<string, number> = {};
    for (const line of (last?.ss ?? '').trim().split('\n').filter(Boolean)) {
      const st = stateFromName(line.split(/\s+/)[0] ?? '') ?? line;
      kernel[st] = (kernel[st] ?? 0) + 1;
    }
    expect(after?.states, `ss: ${last?.ss ?? ''}`).toEqual(kernel);
    expect(after?.states.ESTABLISHED ?? 0).toBe(0);
    expect(after?.states.TIME_WAIT).toBeGreaterThan(0);
    expect(after?.owners).toHaveLength(1);
    expect(after?.owners?.[0]).toMatchObject({ pid: child, command: 'node', sockets: 5 });
    const ago = after?.owners?.[0]?.seen_ago_s ?? 0;
    const sinceHeld = (Date.parse(docs.at(-1)?.time ?? '') - Date.parse(holding?.time ?? '')) / 1000;
    expect(ago).toBeGreaterThanOrEqual(2);
    // seen in the newest sample that saw it: no longer ago than the sample that first did
    expect(ago).toBeLessThanOrEqual(Math.round(sinceHeld));
  });
});
