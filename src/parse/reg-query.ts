/**
 * Reads one REG_DWORD from `reg query KEY /v NAME` output, whose value line is
 * `    NAME    REG_DWORD    0x78`. Returns undefined when the value is not there (reg then
 * prints an error and exits 1; the caller tells the two apart by the exit code).
 */
export function parseRegDword(text: string, name: string): number | undefined {
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim().split(/\s+/);
    if (t.length === 3 && t[0]?.toLowerCase() === name.toLowerCase() && t[1] === 'REG_DWORD') {
      const m = /^0x([0-9a-f]{1,8})$/i.exec(t[2] as string);
      if (m) return parseInt(m[1] as string, 16);
    }
  }
  return undefined;
}
