/** The man page (roff, man macros), rendered from the one description of commands and options (usage.ts). */
import { DESCRIPTION, ENVIRONMENT, NOTES, OPTION_SECTIONS, SUMMARY, USAGE, type OptionDoc } from './usage.js';

/** Text safe in roff: backslashes printed, hyphens as \- (so options copy as typed), no line read as a request. */
const esc = (s: string) => s.replace(/\\/g, '\\e').replace(/-/g, '\\-');
const line = (s: string) => (/^[.']/.test(s) ? `\\&${s}` : s);
const paragraph = (lines: readonly string[]) => line(esc(lines.join(' ')));

/** A synopsis word: placeholders (FILE, DUR) in italics, what is typed as is in bold; [optional] and a|b kept. */
function styled(token: string): string {
  const m = /^(\[?)(.*?)(\]?)$/.exec(token);
  const [open = '', inner = token, close = ''] = m ? m.slice(1) : [];
  const part = (p: string) => (/^[A-Z]/.test(p) ? `\\fI${esc(p)}\\fR` : `\\fB${esc(p)}\\fR`);
  return open + inner.split('|').map(part).join('|') + close;
}
const synopsis = (words: string) => words.split(' ').filter(Boolean).map(styled).join(' ');

function optionHead(o: OptionDoc): string {
  const names = (o.short ? [o.short, o.long] : [o.long]).map((n) => `\\fB${esc(n)}\\fR`);
  return line(`${names.join(', ')}${o.arg ? ` ${synopsis(o.arg)}` : ''}`);
}

/** The whole page; `version` goes into its footer. */
export function manPage(version: string): string {
  // no hyphenation, ragged right: option names and paths must not be split
  const out = [`.TH TCPWATCH 1 "" "tcpwatch ${esc(version)}" "User Commands"`, '.nh', '.ad l', '.SH NAME', `tcpwatch \\- ${esc(SUMMARY)}`, '.SH SYNOPSIS'];
  out.push('.B tcpwatch', '[\\fIOPTION\\fR...]', '.br', '.B tcpwatch', '\\fICOMMAND\\fR [\\fIOPTION\\fR...] [\\fIARGUMENT\\fR]');
  out.push('.SH DESCRIPTION', paragraph(DESCRIPTION));
  out.push('.SH USAGE');
  for (const u of USAGE) out.push('.TP', line(`\\fBtcpwatch\\fR ${synopsis(u.synopsis)}`.trimEnd()), paragraph(u.help));
  for (const s of OPTION_SECTIONS) {
    out.push(`.SH ${s.man}`);
    for (const o of s.options) out.push('.TP', optionHead(o), paragraph(o.help));
  }
  out.push('.SH ENVIRONMENT');
  for (const e of ENVIRONMENT) out.push('.TP', line(`\\fB${esc(e.name)}\\fR`), paragraph(e.help));
  for (const n of NOTES) out.push(`.SH ${n.man}`, paragraph(n.help));
  out.push('.SH SEE ALSO', '\\fBss\\fR(8), \\fBnetstat\\fR(8), \\fBproc\\fR(5), \\fBsysctl\\fR(8); the README of the tcpwatch package');
  return `${out.join('\n')}\n`;
}
