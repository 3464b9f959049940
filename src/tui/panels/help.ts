/** The help overlay and the notice shown instead of the panels on a terminal too small for them. */
import type { Layout } from '../layout.js';
import { escapeTags, tag, type Theme } from '../text.js';
import { wrap } from '../../wrap.js';

export const HELP_LINES = [
  'tcpwatch keys',
  '',
  '  q, Ctrl-C   quit (the terminal is restored)',
  '  Ctrl-Z      suspend; fg brings it back',
  '  p, Space    pause / resume sampling',
  '  +  / -      longer / shorter interval (0.5s .. 60s)',
  '  Tab, S-Tab  next / previous panel: destinations,',
  '              alert log, advisor',
  '  Up/Down     scroll the focused panel (PgUp/PgDn, Home)',
  '  s           sort destinations: ports in use,',
  '              TIME_WAIT, ESTABLISHED, CLOSE_WAIT, remote',
  '  4 / 6 / a   IPv4 only / IPv6 only / all families',
  '  A           show / hide the advisor',
  '  P           which processes hold the sockets (scans',
  '              /proc/*/fd once; P again closes)',
  '  N           --all-netns: namespaces (Enter, N back)',
  '  ?           this help; any key closes it',
  '  Left/Right  replay: a sample back / on; [ ] a minute',
  'Gauges and rates are for all families: the kernel',
  'counts them together.',
];

/** Lines in an ASCII frame: box-drawing borders come out as letters on some terminals (ACS). */
function framed(lines: readonly string[]): string[] {
  const w = Math.max(...lines.map((l) => l.length)) + 2;
  const edge = `+${'-'.repeat(w)}+`;
  return [edge, ...lines.map((l) => `| ${l.padEnd(w - 2)} |`), edge];
}

const HELP_TEXT = framed(HELP_LINES);
/** Fits the smallest screen the layout accepts (60 columns). */
export const HELP_SIZE = { width: HELP_TEXT[0]?.length ?? 0, height: HELP_TEXT.length };

/** The framed help, its title in the title tone. */
export function helpText(t: Theme): string {
  return HELP_TEXT.map((l, i) => tag(t, i === 1 ? 'title' : undefined, l)).join('\n');
}

/** Wrapped to the width, so even a 20-column terminal shows the whole notice. */
export function smallNotice(l: Pick<Layout, 'cols' | 'rows' | 'needs'>): string {
  const text = `Too small: ${l.cols}x${l.rows}, needs ${l.needs.cols}x${l.needs.rows}. q quits.`;
  return wrap(text, Math.max(1, l.cols))
    .map((line) => escapeTags(line))
    .join('\n');
}
