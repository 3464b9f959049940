import { execa } from 'execa';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { openLoad, type Load } from '../helpers/loopback.mjs';

const FIXTURE = 'fixtures/linux/states/proc';
const dir = mkdtempSync(join(tmpdir(), 'tcpwatch-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the live monitor (non-TTY: JSON lines) with --record until `lines` samples are out, then stops it as a user would. */
async function record(file: string, lines: number, extra: string[] = [], enough: (out: string[]) => boolean = (out) => out.length >= lines): Promise<string[]> {
  const child = execa('node', [CLI, '--json', '--interval', '100ms', '--record', file, ...extra], { cwd: ROOT, reject: false, timeout: 20_000 });
  const out: string[] = [];
  let buf = '';
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      out.push(...parts);
      if (enough(out)) resolve();
    });
    void child.then(() => resolve());
  });
  child.kill('SIGTERM');
  await child;
  return out.slice(0, lines);
}

const recordedLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('record and replay a fixture tree', () => {
  const file = join(dir, 'states.jsonl');
  let streamed: string[];
  beforeAll(async () => {
    streamed = await record(file, 5, ['--proc-root', FIXTURE]);
  });

  it('records exactly the --json stream, one line per sample', () => {
    const rec = recordedLines(file);
    expect(rec.length).toBeGreaterThanOrEqual(5);
    expect(rec.slice(0, 5)).toEqual(streamed);
    expect((JSON.parse(rec[0] as string) as { states: Record<string, number> }).states.TIME_WAIT).toBe(6);
  });

  it('replay --json gives back every recorded line, byte for byte', async () => {
    const r = await runCli(['replay', file, '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toEqual(recordedLines(file));
  });

  it('replay as plain lines: a header and one line per sample', async () => {
    const r = await runCli(['replay', file]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time\s+estab/);
    expect(lines.length).toBe(recordedLines(file).length + 1);
    // 13 ESTABLISHED, 6 TIME_WAIT in the fixture
    expect(lines[1]).toMatch(/Z\s+13\s.*\s6\s/);
  });

  it('--once --at picks the last sample at or before the time; default the end', async () => {
    const rec = recordedLines(file).map((l) => JSON.parse(l) as { time: string });
    const second = rec[1] as { time: string };
    const at = await runCli(['replay', file, '--once', '--json', '--at', second.time]);
    expect(at.exitCode).toBe(0);
    expect(JSON.parse(at.stdout)).toEqual(second);
    const justAfter = new Date(Date.parse(second.time) + 1).toISOString();
    expect((JSON.parse((await runCli(['replay', file, '--once', '--json', '--at', justAfter])).stdout) as { time: string }).time).toBe(second.time);
    expect(JSON.parse((await runCli(['replay', file, '--once', '--json', '--at', '+0s'])).stdout)).toEqual(rec[0]);
    expect(JSON.parse((await runCli(['replay', file, '--once', '--json'])).stdout)).toEqual(rec[rec.length - 1]);
    const table = await runCli(['replay', file, '--once']);
    expect(table.stdout).toMatch(/TIME_WAIT\s+6\s/);
  });

  it('--speed paces the same entries in order', async () => {
    const r = await runCli(['replay', file, '--json', '--speed', '50']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual(recordedLines(file));
  });

  it('an --at outside the recording or not a time is a clear error', async () => {
    const before = await runCli(['replay', file, '--once', '--at', '2001-01-01T00:00:00Z']);
    expect(before.exitCode).toBe(2);
    expect(before.stderr).toMatch(/outside the recording \(\d{4}-.*Z to \d{4}-.*Z\)/);
    const bad = await runCli(['replay', file, '--once', '--at', 'yesterday']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--at: "yesterday" is not a time/);
  });
});

describe('alerts are recomputed from the recorded samples', () => {
  // a capture of 120 CLOSE_WAIT sockets on one listener (fixtures/linux/alerts-close-wait)
  const file = join(dir, 'close-wait.jsonl');
  beforeAll(async () => {
    // until the alert has been raised and held for two more samples (the engine waits for fresh breakdowns)
    const raised = (out: string[]) => out.findIndex((l) => l.includes('"close_wait_leak"'));
    // --max-cpu 100%: at 100 ms ticks the default 5 % budget would defer every breakdown for 30 s
    await record(file, 40, ['--proc-root', 'fixtures/linux/alerts-close-wait/proc', '--max-cpu', '100%'], (out) => raised(out) >= 0 && out.length >= raised(out) + 3);
  });

  it('the replay raises the same alerts, at the same moments, as the live run recorded', async () => {
    const rec = recordedLines(file);
    const live = rec.map((l) => (JSON.parse(l) as { alerts: Array<{ rule: string }> }).alerts.map((a) => a.rule));
    // the engine wants two fresh samples in a row before it reports a new level
    expect(live[0]).toEqual([]);
    expect(live.at(-1)).toEqual(['close_wait_leak']);
    const r = await runCli(['replay', file, '--json']);
    expect(r.stdout.trimEnd().split('\n')).toEqual(rec);
  });

  it('--once at the first sample has no alert yet; at the end it names the listener', async () => {
    const first = JSON.parse((await runCli(['replay', file, '--once', '--json', '--at', '+0s'])).stdout) as { alerts: unknown[] };
    expect(first.alerts).toEqual([]);
    const last = await runCli(['replay', file, '--once']);
    expect(last.stdout).toMatch(/WARNING close_wait_leak: 120 CLOSE_WAIT sockets: 120 on 127\.0\.0\.1:\d+/);
  });

  it('plain replay prints the alert as it is raised', async () => {
    const r = await runCli(['replay', file]);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /Z WARNING close_wait_leak: 120 CLOSE_WAIT/.test(l))).toHaveLength(1);
  });
});

describe('a recording cut by kill -9, then continued', () => {
  it('the torn line is counted and skipped, the samples on both sides play', async () => {
    const file = join(dir, 'torn.jsonl');
    await record(file, 3, ['--proc-root', FIXTURE]);
    const whole = recordedLines(file);
    // what a kill -9 mid-write leaves: the first lines intact, the last one cut short
    const torn = (whole[2] as string).slice(0, 700);
    writeFileSync(file, `${whole.slice(0, 2).join('\n')}\n${torn}`);
    await record(file, 2, ['--proc-root', FIXTURE]);
    const r = await runCli(['replay', file, '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('1 line skipped (line 3: truncated or corrupt JSON)');
    const out = r.stdout.trimEnd().split('\n');
    expect(out.length).toBe(recordedLines(file).length - 1);
    expect(out.slice(0, 2)).toEqual(whole.slice(0, 2));
  });

  it('a line with a wrong field is skipped with the field named', async () => {
    const file = join(dir, 'field.jsonl');
    await record(file, 2, ['--proc-root', FIXTURE]);
    const doc = JSON.parse(recordedLines(file)[0] as string) as { states: Record<string, unknown> };
    delete doc.states.TIME_WAIT;
    appendFileSync(file, `${JSON.stringify(doc)}\nnot json at all\n`);
    const r = await runCli(['replay', file, '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('2 lines skipped (line 3: states.TIME_WAIT: missing (every state is always written); line 4: truncated or corrupt JSON)');
  });

  it('a file with no sample in it, or no file, exits 2 and says why', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello\nworld\n');
    const r = await runCli(['replay', junk]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`tcpwatch: ${junk}: nothing to replay: none of its 2 line(s) is a tcpwatch sample (line 1: truncated or corrupt JSON) (record with tcpwatch --record FILE)`);
    const missing = await runCli(['replay', join(dir, 'nope.jsonl')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/cannot read recording .*nope\.jsonl: not found/);
    const cannot = await runCli(['--once', '--proc-root', FIXTURE, '--record', join(dir, 'no-such-dir', 'x.jsonl')]);
    expect(cannot.exitCode).toBe(2);
    expect(cannot.stderr).toMatch(/cannot record to .*x\.jsonl: not found/);
  });
});

describe('record and replay real loopback sockets', () => {
  let load: Load;
  beforeAll(async () => {
    load = await openLoad({ host: '127.0.0.1', established: 5, timeWait: 3, closeWait: 2 });
  });
  afterAll(async () => {
    await load.close();
  });

  it('the replayed moment has the test sockets per destination, as recorded', async () => {
    const file = join(dir, 'live.jsonl');
    await record(file, 3, ['--top', '10000']);
    await load.close();
    const r = await runCli(['replay', file, '--once', '--json', '--at', '+0s']);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { destinations: Array<{ remote: string; ports_in_use: number; states: Record<string, number> }> };
    const main = doc.destinations.find((d) => d.remote === `127.0.0.1:${load.port}`);
    expect(main?.states).toEqual({ ESTABLISHED: 5, TIME_WAIT: 3 });
    expect(main?.ports_in_use).toBe(8);
    expect(doc.destinations.find((d) => d.remote === `127.0.0.1:${load.leakyPort}`)?.states).toEqual({ FIN_WAIT2: 2 });
  });

  it('--once --record appends one line that replays to the same document', async () => {
    const file = join(dir, 'once.jsonl');
    const live = await runCli(['--once', '--json', '--record', file]);
    expect(recordedLines(file).length).toBe(1);
    const r = await runCli(['replay', file, '--once', '--json']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(live.stdout));
  });
});
