import { lintExitCode, lintSysctl } from '../advice/lint.js';
import type { CliOptions } from '../args.js';
import { ProcRoot } from '../source/proc-files.js';
import { readConfFiles, readKernelView, systemConfFiles } from '../source/sysctl-files.js';
import { lintJson, lintText } from '../views/lint-report.js';

/** `tcpwatch lint [FILE...]`: the files named, or those `sysctl --system` reads, judged against this kernel. */
export async function run(o: CliOptions): Promise<number> {
  const files = await readConfFiles(o.args.length > 0 ? o.args : systemConfFiles(o.root));
  const keys = [...new Set(files.flatMap((f) => f.conf.settings.filter((s) => !s.glob).map((s) => s.key)))];
  const kernel = await readKernelView(new ProcRoot(o.procRoot ?? '/proc'), keys);
  const findings = lintSysctl(files, kernel);
  process.stdout.write(o.json ? lintJson(findings) : lintText(findings, files.length));
  return lintExitCode(findings);
}
