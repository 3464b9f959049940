// How the bench measures: CPU (user+sys of a command and all its children) and peak RSS through
// GNU time, and a running process's CPU share and RSS from /proc/PID/stat and /status.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const GNU_TIME = '/usr/bin/time';
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Which of the outside tools the bench compares against are missing. */
export function missingTools() {
  const missing = [];
  if (!existsSync(GNU_TIME)) missing.push('GNU time (/usr/bin/time; Debian package "time")');
  for (const t of ['ss', 'netstat', 'awk', 'cat', 'unshare', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0) missing.push(t);
  }
  return missing;
}

/**
 * Runs `sh -c cmd` under GNU time. wait4() reports the shell's usage including every child it
 * reaped, so a pipeline's CPU is the sum of its members; peak RSS is the largest member's.
 * Returns { cpu, user, sys, wall, maxRssMB, stdout }.
 */
export function timed(cmd, { cwd, tmp }) {
  const out = join(tmp, `time-${process.pid}.txt`);
  const r = spawnSync(GNU_TIME, ['-f', '%U %S %M %e', '-o', out, 'sh', '-c', cmd], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n') : [];
  rmSync(out, { force: true });
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status ?? r.signal}: ${(r.stderr ?? '').slice(0, 500)}${lines.join(' ')}`);
  const [user, sys, rssKB, wall] = (lines.at(-1) ?? '').split(/\s+/).map(Number);
  return { cpu: user + sys, user, sys, wall, maxRssMB: rssKB / 1024, stdout: r.stdout };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** utime+stime in seconds and resident MB of a live process, or undefined once it is gone. */
export function procUsage(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { cpu: (Number(f[11]) + Number(f[12])) / CLK_TCK, rssMB: rss / 1024 };
  } catch {
    return undefined;
  }
}

/** Descendant pids of `pid` (via /proc/PID/task/TID/children). */
function descendants(pid) {
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
          out.push(Number(c));
          todo.push(Number(c));
        }
      } catch {
        // the task ended meanwhile
      }
    }
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a live monitor for warmupS + seconds and measures the node process with an argument
 * ending in `match` (the monitor itself, also when a wrapper such as `script` started it):
 * CPU share over the window after the warm-up, CPU including start-up, RSS over time, and the
 * number of output lines when its stdout is ours, how many of them came from a full scan and the
 * oldest breakdown age shown. Bounded: the process is ended at the end.
 */
export async function watchLive({ command, args, match, seconds, warmupS = 4, cwd, env, countLines }) {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', countLines ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 4000) stderr += d;
  });
  let lines = 0;
  let fullLines = 0;
  let maxAge = 0;
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (l) => {
      lines++;
      // the line view says how old a carried-over breakdown is; no note means a full scan this tick
      const age = /states (\d+)s old/.exec(l);
      if (age) maxAge = Math.max(maxAge, Number(age[1]));
      else if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(l)) fullLines++;
    });
  }
  const exited = new Promise((r) => child.once('exit', r));
  const t0 = Date.now();
  let pid;
  for (let i = 0; i < 50 && pid === undefined; i++) {
    pid = [child.pid, ...descendants(child.pid)].find((p) => {
      try {
        // the node process itself, not a wrapper (`script -c '... dist/cli.js'`) naming it
        const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return /(^|\/)node$/.test(argv[0] ?? '') && argv.some((a) => a.endsWith(match));
      } catch {
        return false;
      }
    });
    if (pid === undefined) await sleep(100);
  }
  const rss = [];
  let start;
  let last;
  let linesAtStart = 0;
  let fullAtStart = 0;
  try {
    if (pid === undefined) throw new Error(`no process matching ${match} (stderr: ${stderr})`);
    await sleep(warmupS * 1000);
    start = { ...procUsage(pid), t: Date.now() };
    linesAtStart = lines;
    fullAtStart = fullLines;
    if (start.cpu === undefined) throw new Error(`${match} ended early: ${stderr}`);
    while (Date.now() - start.t < seconds * 1000) {
      await sleep(1000);
      const u = procUsage(pid);
      if (!u) throw new Error(`${match} ended during the measurement: ${stderr}`);
      last = { ...u, t: Date.now() };
      rss.push(u.rssMB);
    }
  } finally {
    child.kill('SIGTERM');
    child.stdin.destroy();
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  }
  const window = (last.t - start.t) / 1000;
  return {
    seconds: window,
    cpuShare: (last.cpu - start.cpu) / window,
    cpuShareWithStartup: last.cpu / ((last.t - t0) / 1000),
    cpuSeconds: last.cpu,
    rssStartMB: start.rssMB,
    rssMaxMB: Math.max(...rss),
    rssEndMB: rss.at(-1),
    lines: lines - linesAtStart,
    fullScans: fullLines - fullAtStart,
    maxBreakdownAgeS: maxAge,
  };
}
