/** `tcpwatch lint`'s findings as text or JSON. */
import type { LintFinding, LintLevel } from '../advice/lint.js';

/** The levels printed one line each; ok and not judged are summed up at the end. */
const SHOWN: LintLevel[] = ['error', 'warning', 'info'];

/** `FILE:LINE: LEVEL: key = value: message (running: X)`, then a summary. */
export function lintText(findings: LintFinding[], files: number): string {
  const lines = findings
    .filter((f) => SHOWN.includes(f.level))
    .map((f) => `${f.file}:${f.line}: ${f.level}: ${f.key === '' ? f.value : `${f.key} = ${f.value}`}: ${f.message}${f.running !== undefined ? ` (running: ${f.running})` : ''}`);
  const count = (level: LintLevel) => findings.filter((f) => f.level === level).length;
  const keys = (level: LintLevel) => [...new Set(findings.filter((f) => f.level === level).map((f) => f.key))];
  const settings = new Set(findings.map((f) => `${f.file}:${f.line}`)).size;
  lines.push(`${settings} line${settings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`);
  if (keys('ok').length > 0) lines.push(`ok: ${keys('ok').join(', ')}`);
  if (keys('not judged').length > 0) lines.push(`not judged: ${keys('not judged').join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** A list of {file, line, key, value, level, message, source, running}; running is null when it is the file's value or unknown. */
export function lintJson(findings: LintFinding[]): string {
  return `${JSON.stringify(
    findings.map((f) => ({ file: f.file, line: f.line, key: f.key, value: f.value, level: f.level, message: f.message, source: f.source, running: f.running ?? null })),
    null,
    2,
  )}\n`;
}
