/** Who holds a destination's live sockets, and the fix for that program, in the `--json` document. */
import { churnFix } from '../advice/programs.js';
import type { Destination, ProcessOwner } from '../types.js';
import { list, num, obj, type Obj } from './json-fields.js';

type Owners = NonNullable<Destination['owners']>;

/**
 * `owners` (pid, command, cmdline, sockets) and, when one is a program tcpwatch knows and the
 * destination churns (churnFix), `remedy`: its change and the documentation it comes from. TIME_WAIT has no owner: these are its likely authors.
 */
export function ownersToJson(d: Destination): Record<string, unknown> {
  const owners = d.owners;
  if (!owners || owners.length === 0) return {};
  const fix = churnFix(d);
  return {
    // seen_ago_s: none holds its sockets now; these did, that many seconds ago
    owners: owners.map(({ seenAgoS, ...o }) => ({ ...o, ...(seenAgoS !== undefined ? { seen_ago_s: seenAgoS } : {}) })),
    ...(fix ? { remedy: { program: fix.id, name: fix.name, fix: fix.fix, steps: fix.steps, source: fix.source } } : {}),
  };
}

/** The inverse of ownersToJson (the remedy is derived again, not read). */
export function jsonToOwners(o: Obj, path: string, owner: (v: unknown, path: string) => ProcessOwner): Owners | undefined {
  if (o.owners === undefined) return undefined;
  return list(o.owners, `${path}.owners`).map((w, i) => {
    const at = `${path}.owners[${i}]`;
    const seen = obj(w, path).seen_ago_s;
    return { ...owner(w, at), sockets: num(obj(w, path).sockets, `${at}.sockets`), ...(seen !== undefined ? { seenAgoS: num(seen, `${at}.seen_ago_s`) } : {}) };
  });
}
