// The socket load for the benchmark: real TCP sockets on loopback inside a throwaway network
// namespace. ESTABLISHED pairs are held by several children (a process may hold only ~20,000
// descriptors here), and one more child keeps about M sockets in TIME_WAIT by making M/60
// connections a second that it closes first (TIME_WAIT lasts 60 s, so the count levels at M).
//
// Only ever run inside a namespace made for the purpose: the sysctls below are per network
// namespace and would otherwise change the host: `assertOwnNetns` refuses any other namespace.
//
//   node bench/load.js --sockets 10k [--minutes 15]    (root) hold the load until Ctrl-C or the
//   time is up (at most 60 minutes), for poking at it
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertOwnNetns, insideOwnNetns, reexecInNewNetns } from './netns.js';
import { parseCount } from './synth.js';

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));
/** ESTABLISHED pairs per child: 2 fds each, plus listeners and node's own, under ~18k fds. */
export const PAIRS_PER_CHILD = 8000;
/** TIME_WAIT per listener port: one destination must not run out of its ~64k source ports. */
const TW_PER_PORT = 15000;
/** Upper bound on the load this script will build. */
export const MAX_SOCKETS = 400_000;
// listener ports sit below ip_unprivileged_port_start, outside the ephemeral range: autobind can
// never have handed them out before a listener binds them
const PAIR_PORT_BASE = 100;
const TW_PORT_BASE = 300;

/** Splits a total the way the issue describes a busy proxy: ~200k ESTABLISHED + ~70k TIME_WAIT. */
export function planLoad(total) {
  if (!Number.isFinite(total) || total < 100 || total > MAX_SOCKETS) {
    throw new Error(`--sockets must be between 100 and ${MAX_SOCKETS}, got ${total}`);
  }
  const timeWait = Math.round((total * 70) / 270);
  const pairs = Math.round((total - timeWait) / 2);
  return { total, pairs, timeWait, children: Math.ceil(pairs / PAIRS_PER_CHILD) };
}

const sysctl = (name, value) => writeFileSync(`/proc/sys/net/${name.replace(/\./g, '/')}`, String(value));
const readSysctl = (name) => readFileSync(`/proc/sys/net/${name.replace(/\./g, '/')}`, 'utf8').trim();

/**
 * /proc/net/sockstat{,6} as numbers: { inuse, tw, inuse6 } of this namespace, and `alloc`, the TCP
 * sockets of every namespace. The hash tables /proc/net/tcp walks are shared by all namespaces,
 * so the others' sockets make a scan of this one's dearer: the report shows them.
 */
export function sockstat() {
  const v4 = /TCP: inuse (\d+) orphan \d+ tw (\d+) alloc (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'));
  const v6 = /TCP6: inuse (\d+)/.exec(readFileSync('/proc/net/sockstat6', 'utf8'));
  return { inuse: Number(v4?.[1] ?? NaN), tw: Number(v4?.[2] ?? NaN), alloc: Number(v4?.[3] ?? NaN), inuse6: Number(v6?.[1] ?? NaN) };
}

function prepareNamespace(plan) {
  assertOwnNetns();
  const ip = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (ip.status !== 0) throw new Error(`ip link set lo up: ${ip.stderr || ip.error?.message}`);
  // TIME_WAIT piles up only without reuse (loopback default 2 reuses it after 1 s)
  sysctl('ipv4.tcp_tw_reuse', 0);
  // even start, odd end: the kernel prefers different parity (docs/kernel-facts.md section 3)
  sysctl('ipv4.ip_local_port_range', '1024\t65535');
  sysctl('ipv4.tcp_max_tw_buckets', Math.max(262144, plan.timeWait * 2));
  sysctl('core.somaxconn', 4096);
  return {
    tcp_tw_reuse: readSysctl('ipv4.tcp_tw_reuse'),
    ip_local_port_range: readSysctl('ipv4.ip_local_port_range').replace(/\s+/, ' '),
    tcp_max_tw_buckets: readSysctl('ipv4.tcp_max_tw_buckets'),
  };
}

/** Starts one child; resolves with it once it printed {ready}, rejects on {error} or exit. */
function startChild(args, onMessage, maxSeconds) {
  const child = spawn(process.execPath, [WORKER, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_MAX_SECONDS: String(maxSeconds) },
  });
  return new Promise((resolve, reject) => {
    let ready = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.error) reject(new Error(`load child ${args.join(' ')}: ${msg.error}`));
      else if (msg.ready && !ready) {
        ready = true;
        resolve(child);
      } else onMessage?.(msg);
    });
    child.once('exit', (code, sig) => {
      if (!ready) reject(new Error(`load child ${args.join(' ')} exited (${code ?? sig}) before it was ready`));
    });
  });
}

/**
 * Builds the load in this (own) namespace. Resolves when the pairs are up and the TIME_WAIT
 * count has levelled (or after `fillTimeoutS`), with { plan, sysctls, stop(), twStatus(),
 * pauseChurn(), resumeChurn() }.
 * `onProgress(text)` hears about progress. Children die with this process in any case.
 */
export async function startLoad({ total, v6Share = 0.1, maxSeconds = 900, fillTimeoutS = 100, onProgress = () => {} }) {
  const plan = planLoad(total);
  const sysctls = prepareNamespace(plan);
  const children = [];
  const stop = () => {
    for (const c of children) {
      c.stdin.destroy();
      c.kill('SIGCONT'); // a stopped child would hold SIGTERM until continued
      c.kill('SIGTERM');
    }
  };
  const tw = { made: 0, errors: 0 };
  let twChild;
  try {
    const twPorts = Array.from({ length: Math.max(2, Math.ceil(plan.timeWait / TW_PER_PORT)) }, (_, i) => TW_PORT_BASE + i);
    // TIME_WAIT first: it takes a full minute to level, the pairs are up long before that
    const twStart = Date.now();
    if (plan.timeWait > 0) {
      twChild = await startChild(['tw', twPorts.join(','), String(plan.timeWait / 60), String(v6Share)], (m) => Object.assign(tw, m), maxSeconds);
      children.push(twChild);
    }
    // at most two children connect at a time: the machine has few cores
    let left = plan.pairs;
    const jobs = [];
    for (let i = 0; i < plan.children; i++) {
      const n = Math.min(PAIRS_PER_CHILD, left);
      left -= n;
      jobs.push(['pairs', String(PAIR_PORT_BASE + i), String(n), String(v6Share)]);
    }
    while (jobs.length) {
      const batch = jobs.splice(0, 2);
      children.push(...(await Promise.all(batch.map((j) => startChild(j, undefined, maxSeconds)))));
      const s = sockstat();
      onProgress(`pairs: ${plan.children - jobs.length}/${plan.children} children up; sockstat inuse ${s.inuse} inuse6 ${s.inuse6} tw ${s.tw}`);
    }
    // TIME_WAIT levels after 60 s of steady connections
    for (;;) {
      const s = sockstat();
      const waited = (Date.now() - twStart) / 1000;
      if (waited >= 61 || waited >= fillTimeoutS) break;
      onProgress(`TIME_WAIT filling: tw ${s.tw} of ~${plan.timeWait} (${Math.round(waited)} s of 60)`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  } catch (err) {
    stop();
    throw err;
  }
  // the churn's timers and softirqs are billed to whatever runs on the CPU at the time, so the
  // bench stops it while it measures a command (the TIME_WAIT sockets stay; it makes up later)
  const signal = (sig) => () => {
    if (twChild && twChild.exitCode === null) twChild.kill(sig);
  };
  return { plan, sysctls, stop, twStatus: () => ({ ...tw }), pids: children.map((c) => c.pid), pauseChurn: signal('SIGSTOP'), resumeChurn: signal('SIGCONT') };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!insideOwnNetns()) process.exit(await reexecInNewNetns());
  const i = process.argv.indexOf('--sockets');
  const total = parseCount(i > 0 ? process.argv[i + 1] : '10k');
  const m = process.argv.indexOf('--minutes');
  const minutes = m > 0 ? Number(process.argv[m + 1]) : 15;
  if (!(minutes > 0 && minutes <= 60)) throw new Error('--minutes must be more than 0 and at most 60');
  const load = await startLoad({ total, maxSeconds: minutes * 60, onProgress: (t) => process.stderr.write(`${t}\n`) });
  process.stderr.write(`load up: ${JSON.stringify({ plan: load.plan, sysctls: load.sysctls, sockstat: sockstat() })}\n`);
  process.stderr.write(`inspect with: nsenter --net=/proc/${process.pid}/ns/net ss -s ; Ctrl-C to end\n`);
  const end = () => {
    load.stop();
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setTimeout(end, minutes * 60_000).unref(); // bounded, like the children
}
