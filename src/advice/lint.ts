/**
 * `tcpwatch lint`: the settings of sysctl files, in the order sysctl applies them, judged against
 * the running kernel. Pure: the files come parsed, the kernel as a KernelView.
 */
import { sysctlPath, type ConfFile } from '../parse/sysctl-conf.js';
import type { KernelView } from '../source/sysctl-files.js';
import { PROCPS_SYSCTL_URL, SYSCTL_DOCS } from './facts.js';
import { catalogueKey, GLOBAL, judgeOf, REMOVED, type LintContext, type LintLevel, type Verdict } from './lint-rules.js';
import { atLeast, kernelVersion } from './settings.js';

export type { LintLevel } from './lint-rules.js';

export interface LintFinding {
  file: string;
  line: number;
  key: string;
  value: string;
  level: LintLevel;
  message: string;
  /** a public URL with the facts behind the message */
  source: string;
  /** the value in force now, when it differs from the file's */
  running?: string;
}

const SEVERITY: Record<LintLevel, number> = { 'error': 0, 'warning': 1, 'info': 2, 'ok': 3, 'not judged': 4 };

/** Every finding of the files, by file (in the order given) and line; a line may have several. */
export function lintSysctl(files: ConfFile[], k: KernelView): LintFinding[] {
  const settings = files.flatMap((f) => f.conf.settings.map((s) => ({ ...s, file: f.path })));
  // sysctl writes the lines in order: the last line setting a key is the value it ends with
  const last = new Map<string, (typeof settings)[number]>();
  for (const s of settings) if (!s.glob) last.set(s.key, s);
  const kernel = kernelVersion(k.release);
  const ctx: LintContext = {
    kernel,
    effective: (key) => last.get(key)?.value.replace(/\s[#;].*$/, '') ?? k.values.get(key) ?? undefined,
    running: (key) => k.values.get(key) ?? undefined,
    listening: k.listening,
    memTotalBytes: k.memTotalBytes,
  };
  const out: LintFinding[] = [];
  for (const f of files) {
    for (const b of f.conf.bad) out.push({ file: f.path, line: b.line, key: '', value: b.text, level: 'error', message: b.problem, source: PROCPS_SYSCTL_URL });
  }
  for (const s of settings) {
    const running = k.values.get(s.key) ?? undefined;
    const base = { file: s.file, line: s.line, key: s.key, value: s.value, ...(running !== undefined && running.replace(/\s+/g, ' ') !== s.value ? { running } : {}) };
    const docs = SYSCTL_DOCS[catalogueKey(s.key)]?.url;
    const add = (level: LintLevel, message: string, source = docs ?? PROCPS_SYSCTL_URL) => out.push({ ...base, level, message, source });
    for (const syntax of syntaxVerdicts(s.value)) add(syntax.level, syntax.message, PROCPS_SYSCTL_URL);
    const later = last.get(s.key);
    if (later && later !== s) add('info', `overridden by ${later.file}:${later.line} (${later.value})`, PROCPS_SYSCTL_URL);
    if (s.glob) {
      add('not judged', 'a glob: sysctl sets every key it matches', PROCPS_SYSCTL_URL);
      continue;
    }
    const absent = k.netReadable && s.key.startsWith('net.') && !k.values.has(s.key);
    const removed = REMOVED[s.key];
    if (removed && (absent || atLeast(kernel, ...removed.since))) {
      add('error', `removed in Linux ${removed.since.join('.')}${k.release ? ` (this kernel: ${k.release})` : ''}: sysctl -p fails on this line ("cannot stat"). ${removed.why}`);
      continue;
    }
    if (absent) {
      add(s.ignoreErrors ? 'info' : 'warning', unknownMessage(s.key, k.release), PROCPS_SYSCTL_URL);
      continue;
    }
    const judge = judgeOf(s.key);
    const value = s.value.replace(/\s[#;].*$/, '');
    if (judge && value !== '' && !isQuoted(value)) for (const j of judge(value, ctx)) add(j.level, j.message);
    else if (!judge) add('not judged', 'tcpwatch has no verdict on this setting');
  }
  const order = new Map(files.map((f, i) => [f.path, i]));
  return out.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || SEVERITY[a.level] - SEVERITY[b.level]);
}

const isQuoted = (value: string) => /^(".*"|'.*')$/.test(value);

/** What is wrong with how a value is written, whatever its key. */
function syntaxVerdicts(value: string): Verdict[] {
  if (value === '') return [{ level: 'error', message: 'no value after "=": the kernel refuses an empty write (Invalid argument)' }];
  if (isQuoted(value)) return [{ level: 'error', message: 'sysctl does not strip quotes: it writes them too, and a numeric setting refuses the value (Invalid argument)' }];
  if (/\s[#;]/.test(value)) {
    return [
      { level: 'warning', message: 'sysctl.conf has no comments after a value: sysctl writes the whole text; a numeric setting reads its numbers and ignores the rest (Linux 6.18), a text setting takes it all or refuses it' },
    ];
  }
  return [];
}

function unknownMessage(key: string, release: string | undefined): string {
  const where = `unknown to this kernel${release ? ` (${release})` : ''}: no /proc/sys/${sysctlPath(key)}`;
  const why = GLOBAL.has(key)
    ? '; it is global, absent inside a network namespace (a container): set it on the host'
    : key.startsWith('net.netfilter.') || key.startsWith('net.nf_conntrack')
      ? '; conntrack keys exist only while nf_conntrack is loaded'
      : '';
  return `${where}${why}. sysctl -p fails on this line, sysctl --system skips it: it sets nothing`;
}

/** lint's exit status: 1 when any finding is an error. */
export const lintExitCode = (findings: LintFinding[]): number => (findings.some((f) => f.level === 'error') ? 1 : 0);
