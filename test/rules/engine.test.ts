import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { History } from '../../src/history.js';
import { applyConfigObject, applySetting, defaultRulesConfig, validateConfig, type RulesConfig } from '../../src/rules/config.js';
import { AlertEngine, worstLevel } from '../../src/rules/engine.js';
import { steadyGrowth } from '../../src/rules/close-wait.js';
import { CONNECTS_FAIL } from '../../src/rules/catalogue.js';
import { ratesFromAges } from '../../src/rates.js';
import type { Sample } from '../../src/types.js';
import { sample, twSample } from '../helpers/synthetic.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const at = (i: number) => T0 + i * 2000;

function config(over: Partial<RulesConfig> = {}): RulesConfig {
  return { ...defaultRulesConfig(), ...over };
}

/** Feeds samples one by one, like the poller, and records what the engine said after each. */
function run(samples: Sample[], c = config()) {
  const engine = new AlertEngine(c);
  const history = new History(100);
  return samples.map((s) => {
    history.push(s);
    return engine.update(history);
  });
}

const levelsOf = (steps: ReturnType<typeof run>, rule: string, subject?: string) => steps.map((r) => r.active.find((a) => a.rule === rule && a.subject === subject)?.level ?? 'ok');

describe('tw_buckets over a history (limit 1000, warning 80 %, critical 95 %, 2 samples)', () => {
  it('rising: warning after two samples at 80 %, critical after two at 95 %, since = first of them', () => {
    const tws = [100, 500, 800, 850, 950, 960, 990];
    const steps = run(tws.map((tw, i) => twSample(at(i), tw)));
    expect(levelsOf(steps, 'tw_buckets')).toEqual(['ok', 'ok', 'ok', 'warning', 'warning', 'critical', 'critical']);
    const warn = steps[3]?.raised[0];
    expect(warn).toMatchObject({ rule: 'tw_buckets', level: 'warning', value: 850, limit: 1000, since: at(2) });
    expect(warn?.message).toMatch(/850 timewait sockets of tcp_max_tw_buckets 1,000 \(85\.0%\)/);
    expect(warn?.remedy).toMatch(/never lower it/);
    const crit = steps[5]?.raised[0];
    expect(crit).toMatchObject({ level: 'critical', previous: 'warning', since: at(4), value: 960 });
    expect(steps[6]?.raised).toEqual([]);
    expect(steps[6]?.active[0]?.value).toBe(990); // numbers stay fresh while the level holds
  });

  it('flapping around the threshold never fires with 2 samples; hysteresis holds a raised level', () => {
    const flap = [790, 810, 790, 810, 790, 810].map((tw, i) => twSample(at(i), tw));
    expect(levelsOf(run(flap), 'tw_buckets')).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    // once raised, 5 % hysteresis: it stays until below 76 %
    const hold = [810, 820, 790, 770, 760, 750, 740].map((tw, i) => twSample(at(i), tw));
    expect(levelsOf(run(hold), 'tw_buckets')).toEqual(['ok', 'warning', 'warning', 'warning', 'warning', 'warning', 'ok']);
  });

  it('clearing: reported once, with level ok, the old level and the current value', () => {
    const steps = run([900, 900, 100, 100, 100].map((tw, i) => twSample(at(i), tw)));
    expect(steps.flatMap((r) => r.cleared)).toHaveLength(1);
    expect(steps[3]?.cleared[0]).toMatchObject({ rule: 'tw_buckets', level: 'ok', previous: 'warning', value: 100, since: at(2) });
    expect(steps[4]?.active).toEqual([]);
  });

  it('TCPTimeWaitOverflow: any increase is critical at once, even with samples=5; a reset is not an increase', () => {
    const c = config({ samples: 5 });
    const steps = run([twSample(at(0), 10, 100), twSample(at(1), 10, 100), twSample(at(2), 10, 107), twSample(at(3), 10, 0), twSample(at(4), 10, 0)], c);
    expect(levelsOf(steps, 'tw_buckets', 'TCPTimeWaitOverflow')).toEqual(['ok', 'ok', 'critical', 'critical', 'critical']);
    expect(steps[2]?.raised[0]).toMatchObject({ level: 'critical', value: 7, since: at(2) });
    expect(steps[2]?.raised[0]?.message).toMatch(/TCPTimeWaitOverflow \+7 in 2 s/);
    // the counter went backwards at 3 (a new namespace): no finding, so it counts toward clearing
    const later = run([...[0, 1, 2].map((i) => twSample(at(i), 10, 100 + (i === 2 ? 5 : 0))), ...[3, 4, 5, 6, 7].map((i) => twSample(at(i), 10, i === 3 ? 0 : 0))], c);
    expect(levelsOf(later, 'tw_buckets', 'TCPTimeWaitOverflow')).toEqual(['ok', 'ok', 'critical', 'critical', 'critical', 'critical', 'critical', 'ok']);
    // what clears it says so: not "the kernel closed connections without TIME_WAIT" beside +0
    const cleared = later[7]?.cleared.find((a) => a.subject === 'TCPTimeWaitOverflow');
    expect(cleared?.message).toBe('TCPTimeWaitOverflow +0 in 2 s: every connection closed since kept its TIME_WAIT');
  });

  it('a gap in history is skipped: rules compare real samples', () => {
    const engine = new AlertEngine(config({ samples: 1 }));
    const h = new History(10);
    h.push(twSample(at(0), 10, 5));
    engine.update(h);
    h.push({ time: at(1), gap: true, error: 'EACCES' });
    const r1 = engine.update(h);
    expect(r1.raised).toEqual([]); // newest real sample unchanged: nothing new
    h.push(twSample(at(2), 10, 6));
    expect(engine.update(h).raised[0]).toMatchObject({ subject: 'TCPTimeWaitOverflow', value: 1 });
  });

  it('update is idempotent for the same newest sample (a view may ask twice)', () => {
    const engine = new AlertEngine(config({ samples: 2 }));
    const h = new History(10);
    h.push(twSample(at(0), 900));
    engine.update(h);
    expect(engine.update(h).active).toEqual([]); // still one sample seen, not two
    h.push(twSample(at(1), 900));
    expect(engine.update(h).raised).toHaveLength(1);
    expect(engine.update(h).raised).toHaveLength(0);
  });
});

describe('port_exhaustion', () => {
  const dest = (n: number, tw = 0) => ({ local: '127.0.0.1', remote: '10.0.0.9', remotePort: 8080, portsInUse: n, states: { TIME_WAIT: tw, ESTABLISHED: n - tw } });

  it('names the destination and the numbers, in the message and the remedy', () => {
    const s = sample(at(0), { destinations: [dest(27_900, 27_000)], destinationCount: 1, portsInUseHost: 27_900 });
    const [r] = run([s], config({ samples: 1 }));
    const a = r?.active[0];
    expect(a).toMatchObject({ rule: 'port_exhaustion', level: 'critical', subject: '127.0.0.1 -> 10.0.0.9:8080', value: 27_900, limit: 28_232 });
    expect(a?.message).toBe('127.0.0.1 -> 10.0.0.9:8080: 27,900 of 28,232 ports (98.8%)');
    expect(a?.remedy).toMatch(/Toward 10\.0\.0\.9:8080 from 127\.0\.0\.1: 28,232 ports \/ 60 s TIME_WAIT = ~470 new connections\/s at most; 27,000 ports sit in TIME_WAIT/);
    expect(a?.remedy).toMatch(/ip_local_port_range \(now 32768-60999/);
    expect(a?.remedy).toMatch(/tcp_tw_reuse=1 on this client \(now 0/);
    // host-wide equals the one destination: no second alert saying the same
    expect(r?.active).toHaveLength(1);
  });

  it.each([
    ['2, toward loopback: it already reuses', { reuse: 2, local: '127.0.0.1', remote: '127.0.0.1', tw: 27_000 }, /tcp_tw_reuse is 2, which already reuses its TIME_WAIT ports \(loopback\)\.$/],
    ['2, over ::1', { reuse: 2, local: '::1', remote: '::1', tw: 27_000 }, /already reuses/],
    ['2, toward another host: set 1', { reuse: 2, local: '10.0.0.1', remote: '10.0.0.9', tw: 27_000 }, /set net\.ipv4\.tcp_tw_reuse=1 on this client \(now 2: loopback only; needs tcp_timestamps\)\.$/],
    ['1: already', { reuse: 1, local: '10.0.0.1', remote: '10.0.0.9', tw: 27_000 }, /tcp_tw_reuse is already 1\.$/],
    ['any, with no port in TIME_WAIT: it cannot help', { reuse: 0, local: '10.0.0.1', remote: '10.0.0.9', tw: 0 }, /tcp_tw_reuse cannot help: none of its ports is in TIME_WAIT, live connections hold them\.$/],
  ])('the tcp_tw_reuse clause of the remedy: %s', (_name, c, clause) => {
    const d = { ...dest(27_900, c.tw), local: c.local, remote: c.remote };
    const s = sample(at(0), { destinations: [d], destinationCount: 1, portsInUseHost: 27_900, limits: { ...sample(at(0)).limits, tcp_tw_reuse: c.reuse } });
    const [r] = run([s], config({ samples: 1 }));
    expect(r?.active[0]?.remedy).toMatch(clause);
  });

  it('host-wide usage is its own alert when spread over destinations', () => {
    const d1 = dest(15_000);
    const d2 = { ...dest(12_000), remotePort: 8081 };
    const s = sample(at(0), { destinations: [d1, d2], destinationCount: 2, portsInUseHost: 27_000 });
    const [r] = run([s], config({ samples: 1 }));
    expect(r?.active.map((a) => [a.subject, a.level])).toEqual([['all destinations', 'critical']]);
    expect(r?.active[0]?.message).toMatch(/27,000 of 28,232 ephemeral ports held host-wide/);
  });

  // 2,000 usable ports; `rate` new connections/s for the last `secs` seconds, all still in TIME_WAIT
  const filling = (inUse: number, rate: number, secs: number) => {
    const ages = Array.from({ length: 60 }, (_, i) => (i < secs ? rate : 0));
    const rates = ratesFromAges(ages, inUse, 2000, 60);
    return sample(at(0), { limits: { ...sample(0).limits, ephemeral_ports: 2000 }, destinations: [{ ...dest(inUse, rate * secs), rates }], destinationCount: 1, portsInUseHost: inUse });
  };

  it('below 80 %, a destination that fills within port_exhaustion.full_in at its rate is a warning already, saying when', () => {
    // 1,000 of 2,000 held, 40/s: full in 25 s, well within the default 5 min
    const [r] = run([filling(1000, 40, 25)], config({ samples: 1 }));
    expect(r?.active.map((a) => [a.level, a.message])).toEqual([['warning', '127.0.0.1 -> 10.0.0.9:8080: 1,000 of 2,000 ports (50.0%), full in ~25 s at 40/s']]);
    // with full_in=10s it is not yet
    const c = config({ samples: 1 });
    applySetting(c, 'port_exhaustion.full_in=10s');
    expect(run([filling(1000, 40, 25)], c)[0]?.active).toEqual([]);
    // a load that never fills (10/s x 60 s = 600 of 2,000) is no alert at all
    expect(run([filling(300, 10, 30)], config({ samples: 1 }))[0]?.active).toEqual([]);
  });

  it('at 100 % it says that connect() fails now and that no counter shows it', () => {
    const [r] = run([filling(2000, 40, 50)], config({ samples: 1 }));
    expect(r?.active[0]?.level).toBe('critical');
    expect(r?.active[0]?.message).toBe('127.0.0.1 -> 10.0.0.9:8080: 2,000 of 2,000 ports (100.0%): ' + CONNECTS_FAIL);
    expect(CONNECTS_FAIL).toMatch(/EADDRNOTAVAIL, and the kernel counts this nowhere/);
  });

  it('a destination that disappears clears after the configured samples', () => {
    const busy = sample(at(0), { destinations: [dest(25_000)], destinationCount: 1 });
    const gone = (i: number) => sample(at(i));
    const steps = run([busy, { ...busy, time: at(1) }, gone(2), gone(3)]);
    expect(levelsOf(steps, 'port_exhaustion', '127.0.0.1 -> 10.0.0.9:8080')).toEqual(['ok', 'warning', 'warning', 'ok']);
    expect(steps[3]?.cleared[0]).toMatchObject({ level: 'ok', previous: 'warning', value: 25_000 });
  });
});

describe('levels awaiting confirmation', () => {
  const full = (i: number, n: number) => sample(at(i), { destinations: [{ local: '127.0.0.1', remote: '10.0.0.9', remotePort: 8080, portsInUse: n, states: { TIME_WAIT: n } }], destinationCount: 1 });

  it('the first sample of a full destination is pending (1 of 2), the second raises it; worse levels only', () => {
    const [first, second, third] = run([full(0, 28_232), full(1, 28_232), full(2, 100)]);
    expect(first?.active).toEqual([]);
    expect(first?.pending.map((p) => [p.alert.rule, p.alert.level, p.alert.subject, p.alert.value, p.seen, p.needed])).toEqual([['port_exhaustion', 'critical', '127.0.0.1 -> 10.0.0.9:8080', 28_232, 1, 2]]);
    expect(first?.pending[0]?.alert.since).toBe(at(0));
    expect(second?.active.map((a) => a.level)).toEqual(['critical']);
    expect(second?.pending).toEqual([]);
    // on its way back to ok: nothing worse is pending, the alert stays until confirmed
    expect([third?.active.length, third?.pending]).toEqual([1, []]);
  });

  it('with samples=1 the first sample raises at once and nothing is pending', () => {
    const [first] = run([full(0, 28_232)], config({ samples: 1 }));
    expect([first?.active.length, first?.pending]).toEqual([1, []]);
  });
});

describe('cheap live ticks carry the breakdown over: a repeat is no new evidence', () => {
  const dest = { local: '127.0.0.1', remote: '10.0.0.9', remotePort: 8080, portsInUse: 25_000, states: { ESTABLISHED: 25_000 } };
  const subject = '127.0.0.1 -> 10.0.0.9:8080';

  it('port_exhaustion needs two fresh breakdowns; sockstat-based tw_buckets counts every tick', () => {
    const full = (i: number) => ({ ...twSample(at(i), 900), destinations: [dest], destinationCount: 1 });
    const cheap = (i: number, from: number) => ({ ...full(i), breakdownTime: at(from) });
    const steps = run([full(0), cheap(1, 0), cheap(2, 0), full(3)]);
    expect(levelsOf(steps, 'port_exhaustion', subject)).toEqual(['ok', 'ok', 'ok', 'warning']);
    expect(levelsOf(steps, 'tw_buckets')).toEqual(['ok', 'warning', 'warning', 'warning']);
    // since: the first fresh breakdown that showed it
    expect(steps[3]?.raised.find((a) => a.rule === 'port_exhaustion')?.since).toBe(at(0));
  });

  it('a raised breakdown alert is not cleared by carried-over ticks, only by fresh ones', () => {
    const busy = (i: number) => sample(at(i), { destinations: [dest], destinationCount: 1 });
    const idle = (i: number) => sample(at(i));
    const steps = run([busy(0), busy(1), { ...idle(2) }, { ...idle(3), breakdownTime: at(2) }, idle(4)]);
    expect(levelsOf(steps, 'port_exhaustion', subject)).toEqual(['ok', 'warning', 'warning', 'warning', 'ok']);
  });
});

describe('close_wait_leak', () => {
  const cw = (i: number, n: number) => {
    const s = sample(T0 + i * 60_000, { closeWait: [{ direction: 'inbound', address: '127.0.0.1', port: 8082, count: n, processes: ['app/42'] }] });
    s.states.CLOSE_WAIT = n;
    return s;
  };

  it('above the threshold: names the port and the process', () => {
    const [r] = run([cw(0, 150)], config({ samples: 1 }));
    expect(r?.active[0]).toMatchObject({ rule: 'close_wait_leak', level: 'warning', value: 150, limit: 100 });
    expect(r?.active[0]?.message).toBe('150 CLOSE_WAIT sockets: 150 on 127.0.0.1:8082 (app/42)');
    expect(r?.active[0]?.remedy).toMatch(/serving 127\.0\.0\.1:8082 does not close\(\)/);
  });

  it('steady growth over the window is a warning below the threshold; a dip resets it', () => {
    const c = config({ samples: 1, close_wait_leak: { ...defaultRulesConfig().close_wait_leak, growth: 20, window_s: 300 } });
    // one sample a minute: 10, 20, ..., 60 (never falling, +50 within the 5-minute window)
    const rising = [10, 20, 30, 40, 50, 60].map((n, i) => cw(i, n));
    const steps = run(rising, c);
    expect(levelsOf(steps, 'close_wait_leak')).toEqual(['ok', 'ok', 'ok', 'warning', 'warning', 'warning']);
    expect(steps[5]?.active[0]?.message).toMatch(/60 CLOSE_WAIT sockets, up 50 in 5 min without falling/);
    const dipping = [10, 20, 30, 25, 50, 60].map((n, i) => cw(i, n));
    expect(steadyGrowth(dipping, 300, 20)).toBeUndefined();
  });
});

describe('counter rules need two samples', () => {
  it('listen_overflow: any increase is a warning, 10/s critical; no increase clears', () => {
    const s = (i: number, drops: number) => sample(at(i), { counters: { Tcp: {}, TcpExt: { ListenDrops: drops, ListenOverflows: drops } } });
    const steps = run([s(0, 0), s(1, 1), s(2, 100), s(3, 100)], config({ samples: 1 }));
    expect(levelsOf(steps, 'listen_overflow')).toEqual(['ok', 'warning', 'critical', 'ok']);
    expect(steps[2]?.raised[0]?.message).toMatch(/ListenDrops \+99 in 2 s \(49\.5\/s\)/);
  });

  it('syn_flood: TCPReqQFullDrop critical, syncookies warning', () => {
    const s = (i: number, drop: number, cookies: number) => sample(at(i), { limits: { tcp_max_syn_backlog: 2048 }, counters: { Tcp: {}, TcpExt: { TCPReqQFullDrop: drop, SyncookiesSent: cookies } } });
    const steps = run([s(0, 0, 0), s(1, 0, 5), s(2, 3, 5)], config({ samples: 1 }));
    expect(levelsOf(steps, 'syn_flood', 'SyncookiesSent')).toEqual(['ok', 'warning', 'ok']);
    expect(levelsOf(steps, 'syn_flood', 'TCPReqQFullDrop')).toEqual(['ok', 'ok', 'critical']);
  });
});

describe('orphans and conntrack only when their limits are visible', () => {
  it('orphans at 25 % / 50 % of tcp_max_orphans; absent limit (netns) means no finding', () => {
    const s = sample(at(0), { sockstat: { orphan: 600 }, limits: { tcp_max_orphans: 1000 } });
    expect(run([s], config({ samples: 1 }))[0]?.active[0]).toMatchObject({ rule: 'orphans', level: 'critical', value: 600, limit: 1000 });
    expect(run([sample(at(0), { sockstat: { orphan: 600 }, limits: {} })], config({ samples: 1 }))[0]?.active).toEqual([]);
  });

  it('conntrack at 90 % / 95 %', () => {
    const s = sample(at(0), { limits: { nf_conntrack_count: 910, nf_conntrack_max: 1000 } });
    expect(run([s], config({ samples: 1 }))[0]?.active[0]).toMatchObject({ rule: 'conntrack', level: 'warning' });
  });
});

describe('worstLevel', () => {
  it('orders ok < warning < critical', () => {
    expect(worstLevel([])).toBe('ok');
    const a = { rule: 'orphans' as const, value: 0, limit: 0, since: 0, message: '', remedy: '' };
    expect(
      worstLevel([
        { ...a, level: 'warning' },
        { ...a, level: 'critical' },
        { ...a, level: 'ok' },
      ]),
    ).toBe('critical');
  });
});

describe('config', () => {
  it('applies --set and config objects; percent signs and durations read naturally', () => {
    const c = defaultRulesConfig();
    applySetting(c, 'tw_buckets.warning=70%');
    applySetting(c, 'close_wait_leak.window=5m');
    const extra = applyConfigObject(c, { samples: 3, port_exhaustion: { critical: 90 }, on_alert: ['logger', '-t', 'tcpwatch'], on_alert_timeout: '5s', _comment: 'x' }, 'f.json: ');
    expect(c.tw_buckets.warning).toBe(70);
    expect(c.close_wait_leak.window_s).toBe(300);
    expect(c.samples).toBe(3);
    expect(c.port_exhaustion.critical).toBe(90);
    expect(extra).toEqual({ onAlert: ['logger', '-t', 'tcpwatch'], onAlertTimeoutS: 5 });
  });

  it.each([
    [{ tw_bukets: { warning: 1 } }, /f\.json: unknown key "tw_bukets\.warning" \(known: samples, hysteresis, prometheus\.interval, tw_buckets\.warning/],
    [{ tw_buckets: { warning: 'lots' } }, /f\.json: tw_buckets\.warning: expected a number, got "lots"/],
    [{ tw_buckets: { critical: 120 } }, /tw_buckets\.critical: expected a percentage from 0 to 100, got 120/],
    [{ samples: 0 }, /samples: expected a whole number of samples/],
    [{ on_alert: 'logger -t x' }, /on_alert: expected a command as an array of strings/],
    [[1, 2], /expected a JSON object at the top level/],
  ])('bad config %j names the key', (doc, message) => {
    expect(() => applyConfigObject(defaultRulesConfig(), doc, 'f.json: ')).toThrow(message);
    expect(() => applyConfigObject(defaultRulesConfig(), doc, 'f.json: ')).toThrow(ConfigError);
  });

  it('warning above critical is an error', () => {
    const c = defaultRulesConfig();
    applySetting(c, 'orphans.warning=60');
    expect(() => validateConfig(c)).toThrow(/orphans\.warning \(60\) is above orphans\.critical \(50\)/);
    expect(() => applySetting(c, 'nonsense')).toThrow(/expected KEY=VALUE/);
  });
});
