/** The --help text, rendered from the one description of commands and options (usage.ts). */
import { ENVIRONMENT, NOTES, OPTION_SECTIONS, optionLabel, SUMMARY, USAGE } from './usage.js';
import { wrap } from './wrap.js';

/** The terminal an ssh session most likely has: nothing printed is wider. */
const WIDTH = 80;
/** The column the descriptions start at. */
const COLUMN = 28;

/** `left` padded to the column, its help filled beside it; on its own line when too long. */
function entry(left: string, help: readonly string[]): string[] {
  const indent = ' '.repeat(COLUMN);
  const [first = '', ...rest] = wrap(help.join(' '), WIDTH - COLUMN);
  const head = left.length <= COLUMN - 2 ? [left.padEnd(COLUMN) + first] : [left, indent + first];
  return [...head, ...rest.map((l) => indent + l)];
}

function render(): string {
  const out = [`tcpwatch - ${SUMMARY}`, '', 'Usage:'];
  for (const u of USAGE) out.push(...entry(`  tcpwatch ${u.synopsis}`.trimEnd(), u.help));
  for (const s of OPTION_SECTIONS) {
    out.push('', ...wrap(`${s.title}:`, WIDTH));
    for (const o of s.options) out.push(...entry(`${o.short ? '  ' : '      '}${optionLabel(o)}`, o.help));
  }
  out.push('', 'Environment:');
  for (const e of ENVIRONMENT) out.push(...entry(`  ${e.name}`, e.help));
  for (const n of NOTES) out.push('', ...wrap(`${n.heading}: ${n.help.join(' ')}`, WIDTH));
  return `${out.join('\n')}\n`;
}

export const HELP = render();
