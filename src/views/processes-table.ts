import { joinHostPort } from '../addr.js';
import { columns, thousands } from '../format.js';
import type { ProcessReport } from '../types.js';

/** The --processes section of the one-shot table: socket owners, then who talks to the top destinations. */
export function processLines(p: ProcessReport): string[] {
  const out = [`PROCESSES holding LISTEN, ESTABLISHED, SYN_SENT, CLOSE_WAIT sockets (${thousands(p.processCount)} found)`];
  if (p.processes.length > 0) {
    const rows = [['PID', 'COMMAND', 'LISTEN', 'ESTAB', 'CLOSE_WAIT', 'LISTENING ON']];
    for (const x of p.processes) {
      rows.push([String(x.pid), x.command, thousands(x.states.LISTEN ?? 0), thousands(x.states.ESTABLISHED ?? 0), thousands(x.states.CLOSE_WAIT ?? 0), x.listening.join(',')]);
    }
    out.push(...columns(rows, ['right', 'left', 'right', 'right', 'right', 'left']).map((l) => `  ${l}`));
  }
  const withOwners = p.destinations.filter((d) => d.owners.length > 0);
  if (withOwners.length > 0) {
    out.push('  toward the top destinations:');
    for (const d of withOwners) {
      const who = d.owners.map((o) => `${o.command}[${o.pid}] ${thousands(o.sockets)}`).join(', ');
      out.push(`    ${d.local} -> ${joinHostPort(d.remote, d.remotePort)}: ${who}`);
    }
  }
  const unowned = Object.entries(p.unowned).map(([st, n]) => `${st} ${thousands(n ?? 0)}`);
  if (unowned.length > 0) out.push(`  no owner found: ${unowned.join(', ')}`);
  for (const n of p.notes) out.push(`  note: ${n}`);
  return out;
}
