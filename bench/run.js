// `npm run bench`: tcpwatch's CPU and memory next to cat /proc/net/tcp*, ss|awk and the
// netstat|awk one-liner, all measured in the same run over the same sockets. See bench/README.md.
// As root it re-runs itself in a throwaway network namespace and builds the socket load there.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLoad, sockstat, planLoad } from './load.js';
import { median, missingTools, timed, watchLive } from './measure.js';
import { benchAllNetns } from './all-netns.mjs';
import { benchLiveAllNetns } from './live-all-netns.mjs';
import { insideOwnNetns, isRoot, reexecInNewNetns } from './netns.js';
import { parseCount, synthesizeToDir } from './synth.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `usage: npm run bench -- [options]
  --sockets N        socket load, e.g. 270k (default) or 10k; ~74% ESTABLISHED, ~26% TIME_WAIT
  --quick            a short run to try things: --sockets 10k --runs 3 --live-seconds 20 --ticks 2000 --synth 50k
  --runs N           runs of each one-shot command; the median is shown (default 5)
  --live-seconds S   how long the live monitor is watched after a 4 s warm-up (default 60)
  --ticks N          ticks for the memory check (default 10000), --tick-rows N rows per tick (default 2k)
  --synth LIST       synthetic /proc/net/tcp sizes for the parser (default 50k,250k,1m; "none" skips)
  --no-pty           skip the live monitor on a pseudo-terminal
  --out FILE         also write the report (Markdown) to FILE
Without root there is no namespace and no load: the commands are measured on this host's sockets.`;

function parseOptions(argv) {
  const o = { sockets: 270_000, runs: 5, liveSeconds: 60, ticks: 10_000, tickRows: 2000, synth: [50_000, 250_000, 1_000_000], pty: true, out: undefined };
  const rest = [...argv];
  const next = (name) => {
    const v = rest.shift();
    if (v === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
    return v;
  };
  while (rest.length) {
    const a = rest.shift();
    switch (a) {
      case '--sockets':
        o.sockets = parseCount(next(a));
        break;
      case '--quick':
        Object.assign(o, { sockets: 10_000, runs: 3, liveSeconds: 20, ticks: 2000, synth: [50_000] });
        break;
      case '--runs':
        o.runs = parseCount(next(a));
        break;
      case '--live-seconds':
        o.liveSeconds = parseCount(next(a));
        break;
      case '--ticks':
        o.ticks = parseCount(next(a));
        break;
      case '--tick-rows':
        o.tickRows = parseCount(next(a));
        break;
      case '--synth': {
        const v = next(a);
        o.synth = v === 'none' ? [] : v.split(',').map(parseCount);
        break;
      }
      case '--no-pty':
        o.pty = false;
        break;
      case '--out':
        o.out = next(a);
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  planLoad(o.sockets); // checks the bounds before anything starts
  if (o.runs < 1 || o.runs > 50) throw new Error('--runs must be 1..50');
  if (o.liveSeconds < 4 || o.liveSeconds > 600) throw new Error('--live-seconds must be 4..600');
  if (o.ticks < 1 || o.ticks > 100_000) throw new Error('--ticks must be 1..100000');
  if (o.synth.some((n) => n < 1 || n > 2_000_000)) throw new Error('--synth sizes must be 1..2m');
  return o;
}

const log = (t) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${t}\n`);
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
const sh = (cmd) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();

const ONE_LINER_AWK = `awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'`;
/** The one-shot commands, measured in turn in every run (interleaved, so drift hits all alike). */
const COMMANDS = [
  { key: 'cat', label: '`cat /proc/net/tcp /proc/net/tcp6`', cmd: 'cat /proc/net/tcp /proc/net/tcp6 > /dev/null' },
  { key: 'ss', label: '`ss -tan | awk …`', cmd: `ss -tan | awk '{++S[$1]} END {for(a in S) print a, S[a]}' > /dev/null` },
  { key: 'oneliner', label: '`netstat -ant | awk …` (the one-liner)', cmd: `netstat -ant | ${ONE_LINER_AWK} > /dev/null` },
  { key: 'node', label: '`node -e 0` (node start-up alone)', cmd: 'node -e 0' },
  { key: 'once', label: '`tcpwatch --once --json` (sock_diag addon when built, else /proc)', cmd: 'node dist/cli.js --once --json > /dev/null', target: { vs: 'oneliner', max: 0.4 } },
  {
    key: 'procpath',
    label: '`tcpwatch --once --json --proc-root /proc` (pure /proc path)',
    cmd: 'node dist/cli.js --once --json --proc-root /proc > /dev/null',
    target: { vs: 'cat', max: 1.2 },
  },
  { key: 'parse', label: '`node bench/parse-only.js` (read + parse + tally only)', cmd: 'node bench/parse-only.js', json: true, target: { vs: 'cat', max: 1.2 } },
];
const RSS_TARGET_MB = 120;
const LIVE_TARGET = 0.05;

/** Parser alone over synthetic files: in-process time and whole-process CPU/RSS. */
function benchSynthetic(sizes, runs, tmp) {
  const out = [];
  for (const n of sizes) {
    const dir = join(tmp, `synth-${n}`);
    log(`synthetic ${n} rows: generating`);
    const gen = synthesizeToDir(dir, n);
    const rs = [];
    for (let i = 0; i < runs; i++) {
      const t = timed(`node bench/parse-only.js ${gen.files.join(' ')}`, { cwd: ROOT, tmp });
      rs.push({ ...t, json: JSON.parse(t.stdout) });
    }
    const j = rs.map((r) => r.json);
    const parseMs = median(j.map((x) => x.parseMs));
    const expected = Object.values(gen.states).reduce((a, b) => a + b, 0);
    out.push({
      rows: n,
      mb: gen.bytes / 1e6,
      parseMs,
      parseCpuMs: median(j.map((x) => x.parseCpuMs)),
      mbPerS: gen.bytes / 1e6 / (parseMs / 1000),
      rowsPerS: n / (parseMs / 1000),
      cpu: median(rs.map((r) => r.cpu)),
      maxRssMB: median(rs.map((r) => r.maxRssMB)),
      unparsed: Math.max(...j.map((x) => x.unparsed)),
      countsOk: j.every((x) => x.rows === expected && Object.entries(gen.states).every(([s, c]) => x.states[s] === c)),
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** bench/ticks.js as a child: its JSON lines. */
function runTicks(ticks, rows) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(ROOT, 'bench/ticks.js'), '--ticks', String(ticks), '--rows', String(rows)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const points = [];
    createInterface({ input: child.stdout }).on('line', (l) => points.push(JSON.parse(l)));
    child.once('exit', (code) => (code === 0 ? resolve(points) : reject(new Error(`bench/ticks.js exited ${code}`))));
  });
}

/**
 * The order of one run: every command sits next to the one it is compared with. The kernel's
 * cost of a /proc scan swings with what else the machine does (other namespaces' sockets, the
 * load's own churn on the hash locks), so a ratio is taken against the neighbours in time.
 */
const ROUND = ['cat', 'procpath', 'cat', 'parse', 'cat', 'oneliner', 'once', 'oneliner', 'ss', 'node'];

/**
 * Each run measures the round twice: with the load's TIME_WAIT churn stopped while a command runs
 * (quiet: the kernel's cost of a scan repeats within a few per cent) and with it running (as on a
 * busy server: the churn's timers and softirqs land on whatever runs, and cat swings 3x).
 */
const CONDITIONS = ['quiet', 'churn'];

function benchCommands(runs, tmp, load) {
  const byKey = Object.fromEntries(COMMANDS.map((c) => [c.key, c]));
  /** every measurement in the order taken, per condition: { key, cpu, wall, maxRssMB, json? } */
  const timelines = { quiet: [], churn: [] };
  const socks = [];
  for (let r = 0; r < runs; r++) {
    for (const cond of CONDITIONS) {
      const quiet = cond === 'quiet' && load !== undefined;
      for (const key of ROUND) {
        const c = byKey[key];
        socks.push(sockstat());
        if (quiet) load.pauseChurn();
        let t;
        try {
          t = timed(c.cmd, { cwd: ROOT, tmp });
        } finally {
          if (quiet) load.resumeChurn();
        }
        timelines[cond].push({ key, ...t, ...(c.json ? { json: JSON.parse(t.stdout) } : {}) });
        // let the churn make up what it missed before the next command
        if (quiet) spawnSync('sleep', ['1']);
      }
      const last = (k) => f2(timelines[cond].findLast((m) => m.key === k).cpu);
      log(`one-shot commands (${cond}): run ${r + 1}/${runs} done (cat ${last('cat')} s, pure /proc ${last('procpath')} s, one-liner ${last('oneliner')} s, --once ${last('once')} s)`);
    }
  }
  const parseJson = timelines.quiet.filter((m) => m.key === 'parse').map((m) => m.json);
  return { quiet: summarize(timelines.quiet), churn: summarize(timelines.churn), socks, parseJson };
}

/** Medians and neighbour ratios of one condition's timeline. */
function summarize(timeline) {
  /** CPU of the nearest `ref` before and after position i, averaged (or the one that exists) */
  const around = (i, ref) => {
    let before;
    let after;
    for (let j = i - 1; j >= 0 && before === undefined; j--) if (timeline[j].key === ref) before = timeline[j].cpu;
    for (let j = i + 1; j < timeline.length && after === undefined; j++) if (timeline[j].key === ref) after = timeline[j].cpu;
    const xs = [before, after].filter((x) => x !== undefined);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  return COMMANDS.map((c) => {
    const at = timeline.flatMap((m, i) => (m.key === c.key ? [i] : []));
    const s = at.map((i) => timeline[i]);
    const ratio = (ref) => (ref === c.key ? 1 : median(at.map((i) => timeline[i].cpu / around(i, ref))));
    return {
      ...c,
      cpu: median(s.map((x) => x.cpu)),
      user: median(s.map((x) => x.user)),
      sys: median(s.map((x) => x.sys)),
      /** CPU beyond the nearest cats': what this command adds to the kernel's own cost */
      overCat: median(at.map((i) => timeline[i].cpu - around(i, 'cat'))),
      xCat: ratio('cat'),
      xOneLiner: ratio('oneliner'),
      wall: median(s.map((x) => x.wall)),
      maxRssMB: median(s.map((x) => x.maxRssMB)),
      all: s.map((x) => x.cpu),
    };
  });
}

async function benchLive(o) {
  const env = { ...process.env, TERM: 'xterm-256color' };
  const cli = join(ROOT, 'dist/cli.js');
  const jobs = [
    watchLive({ command: process.execPath, args: [cli, '--interval', '2s'], match: 'dist/cli.js', seconds: o.liveSeconds, cwd: ROOT, env, countLines: true }).then((r) => ({
      mode: 'plain lines (stdout not a terminal), `--interval 2s`',
      ...r,
    })),
    // the same with the table always from /proc/net/tcp{,6}, as where the sock_diag addon is absent
    watchLive({ command: process.execPath, args: [cli, '--interval', '2s'], match: 'dist/cli.js', seconds: o.liveSeconds, cwd: ROOT, env: { ...env, TCPWATCH_TABLE: 'procfs' }, countLines: true }).then((r) => ({
      mode: 'plain lines, table from /proc only (`TCPWATCH_TABLE=procfs`)',
      ...r,
    })),
  ];
  if (o.pty) {
    // util-linux script gives the monitor a terminal of its own: the TUI path once there is one
    const inner = `stty rows 40 cols 120; exec ${process.execPath} ${cli} --interval 2s`;
    jobs.push(
      watchLive({ command: 'script', args: ['-qfec', inner, '/dev/null'], match: 'dist/cli.js', seconds: o.liveSeconds, cwd: ROOT, env }).then((r) => ({
        mode: 'on a terminal (pty from `script`, 120x40), `--interval 2s`',
        ...r,
      })),
    );
  }
  return Promise.all(jobs);
}

function verdict(ok) {
  return ok ? 'met' : '**not met**';
}

function report(ctx) {
  const { o, env, load, synth, ticks, table, live, elapsedS } = ctx;
  const L = [];
  L.push('# tcpwatch benchmark results', '');
  L.push(`- date: ${env.date}`, `- kernel: ${env.kernel}; ${env.cpu}; node ${process.version}`);
  L.push(`- command: \`npm run bench -- ${env.argv.join(' ')}\` (tcpwatch at ${env.commit})`, `- whole run: ${f0(elapsedS)} s`, '');
  if (table) {
    L.push('## Sockets during the one-shot measurements', '');
    if (load) {
      L.push(
        `Load in a throwaway network namespace on loopback: ${load.plan.pairs} ESTABLISHED pairs (both ends in the namespace, held by ${load.plan.children} child processes), TIME_WAIT kept near ${load.plan.timeWait} by ${f0(load.plan.timeWait / 60)} client-closed connections/s; ~10 % of each over ::1.`,
      );
      L.push(`Namespace sysctls: tcp_tw_reuse=${load.sysctls.tcp_tw_reuse}, ip_local_port_range=${load.sysctls.ip_local_port_range}, tcp_max_tw_buckets=${load.sysctls.tcp_max_tw_buckets}.`, '');
    } else {
      L.push("No load (not root): measured over this host namespace's own sockets.", '');
    }
    const tot = table.socks.map((s) => s.inuse + s.inuse6 + s.tw);
    const tw = table.socks.map((s) => s.tw);
    const alloc = table.socks.map((s) => s.alloc);
    L.push(`- /proc/net/sockstat before each command: inuse+inuse6+tw ${Math.min(...tot)}–${Math.max(...tot)}, of which tw ${Math.min(...tw)}–${Math.max(...tw)}`);
    L.push(`- TCP sockets allocated in all namespaces (sockstat alloc; the kernel's hash walk for /proc/net/tcp passes them all): ${Math.min(...alloc)}–${Math.max(...alloc)}`);
    const pj = table.parseJson.at(-1);
    const st = Object.entries(pj.states)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    L.push(`- rows in /proc/net/tcp{,6} (last parse-only run): ${pj.rows} = ${st}; ${(pj.bytes / 1e6).toFixed(1)} MB of text, ${pj.unparsed} unparsed`);
    L.push(`- \`ss -s\` at the start: \`${ctx.ssSummary}\``, '');
    for (const cond of CONDITIONS) {
      const rows = table[cond];
      L.push(
        cond === 'quiet'
          ? `## One-shot commands, quiet: the TIME_WAIT churn stopped while each command runs (${o.runs} runs of \`${ROUND.join(', ')}\`)`
          : `## One-shot commands under the TIME_WAIT churn (as on a busy server; ${o.runs} runs, interleaved with the quiet ones)`,
        '',
      );
      if (cond === 'quiet') {
        L.push(
          'CPU = user+sys of the command and all its children (GNU time, via wait4), node start-up included; the median over runs. × cat, × one-liner = the median of the ratio of each measurement to the mean of the nearest cat (one-liner) before and after it. RSS = peak of the largest process. The load child that keeps TIME_WAIT up is stopped (SIGSTOP) for the length of each command and makes up the missed connections afterwards: the sockets are the same, but its timers and softirqs no longer land on the command measured.',
          '',
        );
      }
      L.push('| command | CPU s | user s | sys s | × cat | × one-liner | CPU s over cat | peak RSS MB | wall s | target |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
      for (const r of rows) {
        let target = '';
        if (r.target) {
          const ratio = r.target.vs === 'cat' ? r.xCat : r.xOneLiner;
          const rssOk = r.maxRssMB <= RSS_TARGET_MB;
          target = `≤ ${r.target.max} × ${r.target.vs === 'cat' ? 'cat' : 'one-liner'}: ${verdict(ratio <= r.target.max)}; RSS ≤ ${RSS_TARGET_MB} MB: ${verdict(rssOk)}`;
        }
        L.push(`| ${r.label} | ${f2(r.cpu)} | ${f2(r.user)} | ${f2(r.sys)} | ${f2(r.xCat)} | ${f2(r.xOneLiner)} | ${r.key === 'cat' ? '' : f2(r.overCat)} | ${f0(r.maxRssMB)} | ${f2(r.wall)} | ${target} |`);
      }
      L.push('', `All runs (${cond}), CPU s: ${rows.map((r) => `${r.key} ${r.all.map(f2).join(' ')}`).join('; ')}.`, '');
    }
    L.push(
      'user = time in the program itself, sys = time in the kernel on its behalf: for cat and the /proc readers nearly all of sys is the kernel generating the text; user is what tcpwatch\'s own code costs. "CPU s over cat" = the median of (CPU − mean of the nearest cats before and after).',
    );
    const pjs = table.parseJson;
    L.push(
      '',
      `parse-only, measured inside the process: start-up ${f0(median(pjs.map((x) => x.startupMs)))} ms (wall, to the script's first line), read+parse+tally ${f0(median(pjs.map((x) => x.parseMs)))} ms wall / ${f0(median(pjs.map((x) => x.parseCpuMs)))} ms CPU.`,
    );
    L.push('');
  }
  if (live) {
    L.push(`## Live monitor (${o.liveSeconds} s after a 4 s warm-up, same sockets, all at once)`, '');
    L.push('| mode | CPU share of one core | incl. start-up | CPU s total | RSS MB start / max / end | ticks printed (full scans) | oldest breakdown shown | target ≤ 5 % |', '|---|---:|---:|---:|---:|---:|---:|---|');
    for (const r of live) {
      const ticks = r.lines ? `${r.lines} (${r.fullScans})` : '-';
      const age = r.lines ? `${r.maxBreakdownAgeS} s` : '-';
      L.push(
        `| ${r.mode} | ${(r.cpuShare * 100).toFixed(1)} % | ${(r.cpuShareWithStartup * 100).toFixed(1)} % | ${f2(r.cpuSeconds)} | ${f0(r.rssStartMB)} / ${f0(r.rssMaxMB)} / ${f0(r.rssEndMB)} | ${ticks} | ${age} | ${verdict(r.cpuShare <= LIVE_TARGET)}; RSS: ${verdict(r.rssMaxMB <= RSS_TARGET_MB)} |`,
      );
    }
    L.push(
      '',
      'Ticks printed: lines of the plain mode after the warm-up (headers included; a header every 20 ticks); at 2 s ticks a minute is ~30. Full scans: lines without a "states Ns old" note. The terminal run has no output of ours to read.',
      '',
    );
  }
  if (synth.length) {
    L.push(`## Parser alone on synthetic /proc/net/tcp{,6} files (bench/synth.js; median of ${Math.min(o.runs, 3)} runs)`, '');
    L.push('| rows | MB | read+parse+tally ms | CPU ms | MB/s | rows/s | whole process CPU s | peak RSS MB | unparsed | counts = generated |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const s of synth) {
      L.push(`| ${s.rows} | ${f0(s.mb)} | ${f0(s.parseMs)} | ${f0(s.parseCpuMs)} | ${f0(s.mbPerS)} | ${f0(s.rowsPerS)} | ${f2(s.cpu)} | ${f0(s.maxRssMB)} | ${s.unparsed} | ${s.countsOk ? 'yes' : '**no**'} |`);
    }
    L.push('');
  }
  if (ticks) {
    const sum = ticks.find((p) => p.summary);
    const pts = ticks.filter((p) => !p.summary);
    L.push(`## Memory over ${sum.ticks} ticks (bench/ticks.js: source → Poller → History(${sum.historySize}) → line view, back to back, ${sum.rows} rows per tick)`, '');
    L.push('| tick | RSS MB | heap MB after a full GC | s |', '|---:|---:|---:|---:|');
    for (const p of pts) L.push(`| ${p.tick} | ${p.rssMB} | ${p.heapMB} | ${p.seconds} |`);
    const settled = pts.filter((p) => p.tick >= sum.historySize);
    if (settled.length >= 2) {
      const sign = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
      const heap = settled.at(-1).heapMB - settled[0].heapMB;
      const rss = settled.map((p) => p.rssMB);
      L.push(
        '',
        `History fills at tick ${sum.historySize}. From tick ${settled[0].tick} to ${settled.at(-1).tick}: heap kept ${sign(heap)} MB (flat within 2 MB: ${verdict(Math.abs(heap) <= 2)}); RSS ${sign(settled.at(-1).rssMB - settled[0].rssMB)} MB, between ${Math.min(...rss)} and ${Math.max(...rss)} MB (V8 keeps freed heap pages for a while). Gaps: ${sum.gaps}.`,
        'Every tick here is a full scan (worst case); the history keeps the destination lists of the newest sample only and the counters of the two newest, and the live monitor takes full scans as its CPU budget allows (its cheaper ticks share the last breakdown).',
      );
    } else {
      L.push('', `Too few ticks to pass the history capacity (${sum.historySize}): growth up to that point is the history filling.`);
    }
    L.push('');
  }
  return L.join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  const o = parseOptions(argv);
  if (isRoot() && !insideOwnNetns()) {
    const code = await reexecInNewNetns();
    // --all-netns makes its own namespaces, from the host's: after the single-namespace steps
    if (code === 0) await benchAllNetns();
    if (code === 0) await benchLiveAllNetns();
    return code;
  }
  const missing = missingTools();
  if (missing.length) throw new Error(`missing tools: ${missing.join(', ')}`);
  const t0 = Date.now();
  const env = {
    date: new Date().toISOString(),
    kernel: sh('uname -r'),
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    commit: sh('git -C .. rev-parse --short HEAD 2>/dev/null || echo "?"'.replace('..', ROOT)),
    argv,
  };
  const tmp = mkdtempSync(join(tmpdir(), 'tcpwatch-bench-'));
  let load;
  const end = () => {
    load?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    log('interrupted: cleaning up');
    end();
    process.exit(130);
  });
  process.on('SIGTERM', () => {
    end();
    process.exit(143);
  });
  try {
    const synth = benchSynthetic(o.synth, Math.min(o.runs, 3), tmp);
    // the memory check reads a fixture tree, not the sockets: it runs while the load builds
    const ticksP = runTicks(o.ticks, o.tickRows);
    if (insideOwnNetns()) {
      log(`building the load: ${JSON.stringify(planLoad(o.sockets))}`);
      load = await startLoad({ total: o.sockets, onProgress: log });
    } else {
      log('not root: no namespace, no load; measuring this host namespace as it is');
    }
    const ticks = await ticksP;
    const ssSummary = sh('ss -s | grep -m1 "^TCP:"');
    log(`sockets: ${ssSummary}`);
    const table = benchCommands(o.runs, tmp, load);
    log(`live monitor: ${o.liveSeconds + 4} s`);
    const live = await benchLive(o);
    const text = report({ o, env, load, synth, ticks, table, live, ssSummary, elapsedS: (Date.now() - t0) / 1000 });
    process.stdout.write(`${text}\n`);
    if (o.out) writeFileSync(o.out, `${text}\n`);
    return 0;
  } finally {
    end();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exit(1);
  },
);
