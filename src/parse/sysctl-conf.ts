/**
 * sysctl.conf / sysctl.d text -> settings, the way procps-ng's sysctl reads it
 * (src/sysctl.c parse_setting_line, https://gitlab.com/procps-ng/procps): one `key = value` per
 * line, white space around both trimmed; `#` or `;` first on a line starts a comment (there are no
 * comments after a value: they become part of it); a leading `-` on the key ignores the error of
 * setting it, and `-key` without `=` excludes a key that a glob would set. Pure.
 */

export interface SysctlSetting {
  /** 1-based line number in the file */
  line: number;
  /** the key with `.` separators, as `sysctl -a` prints it */
  key: string;
  /** the value, runs of white space (multi-value settings) collapsed to one space */
  value: string;
  /** `-key = value`: sysctl ignores a failure to set it */
  ignoreErrors: boolean;
  /** the key holds `*`, `?` or `[`: sysctl sets every key it matches */
  glob: boolean;
}

export interface SysctlExclusion {
  line: number;
  /** `-key` without a value: glob settings leave this key alone */
  key: string;
}

export interface SysctlBadLine {
  line: number;
  text: string;
  problem: string;
}

export interface SysctlConf {
  settings: SysctlSetting[];
  exclusions: SysctlExclusion[];
  bad: SysctlBadLine[];
}

/** A file's path and its parsed text. */
export interface ConfFile {
  path: string;
  conf: SysctlConf;
}

/**
 * `net/ipv4/tcp_fin_timeout` -> `net.ipv4.tcp_fin_timeout`. As sysctl's slashdot(): when the first
 * separator is `/`, the two are swapped, so a dot inside a name (a VLAN interface, `eth0.100`)
 * survives as `/` in the dotted form.
 */
export function dottedKey(key: string): string {
  const first = /[/.]/.exec(key);
  if (!first || first[0] === '.') return key;
  return key.replace(/[/.]/g, (c) => (c === '/' ? '.' : '/'));
}

/** `net.ipv4.tcp_fin_timeout` -> `net/ipv4/tcp_fin_timeout`, its path under /proc/sys. */
export function sysctlPath(key: string): string {
  return key.replace(/[/.]/g, (c) => (c === '.' ? '/' : '.'));
}

const GLOB = /[*?[]/;

export function parseSysctlConf(text: string): SysctlConf {
  const out: SysctlConf = { settings: [], exclusions: [], bad: [] };
  const lines = text.split('\n');
  // a final newline ends the last line; it does not start another
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    const body = raw.trim();
    // sysctl skips lines shorter than two characters, blank ones and comments
    if (body.length < 2 || body[0] === '#' || body[0] === ';') return;
    const eq = body.indexOf('=');
    if (eq < 0) {
      const key = body.slice(1).trim();
      if (body[0] === '-' && key !== '' && !/\s/.test(key)) out.exclusions.push({ line, key: dottedKey(key) });
      else out.bad.push({ line, text: body, problem: 'invalid syntax: no "=" (sysctl skips the line)' });
      return;
    }
    let key = body.slice(0, eq).trim();
    const ignoreErrors = key.startsWith('-');
    if (ignoreErrors) key = key.slice(1).trim();
    const value = body
      .slice(eq + 1)
      .trim()
      .replace(/\s+/g, ' ');
    if (key === '') out.bad.push({ line, text: body, problem: 'no key before "="' });
    else if (/\s/.test(key)) out.bad.push({ line, text: body, problem: `the key ${JSON.stringify(key)} holds white space: no such sysctl` });
    else out.settings.push({ line, key: dottedKey(key), value, ignoreErrors, glob: GLOB.test(key) });
  });
  return out;
}
