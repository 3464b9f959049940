import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';
import { UsageError } from '../src/errors.js';

describe('alert options on the command line', () => {
  it('--on-alert takes everything up to a lone -- as the command', () => {
    const o = parseArgs(['--on-alert', 'logger', '-t', 'tcpwatch', '--', '--interval', '1s']);
    expect(o.onAlert).toEqual(['logger', '-t', 'tcpwatch']);
    expect(o.intervalMs).toBe(1000);
  });

  it('--on-alert last on the line takes the rest; --on-alert=CMD starts it', () => {
    expect(parseArgs(['--json', '--on-alert', 'notify', '--json']).onAlert).toEqual(['notify', '--json']);
    expect(parseArgs(['--on-alert=/usr/bin/notify', 'a', '--']).onAlert).toEqual(['/usr/bin/notify', 'a']);
  });

  it('--on-alert without a command is a usage error', () => {
    expect(() => parseArgs(['--on-alert', '--'])).toThrow(UsageError);
    expect(() => parseArgs(['--on-alert'])).toThrow(/--on-alert needs a command/);
  });

  it('--set repeats in order; --config, --bell, --on-alert-timeout', () => {
    const o = parseArgs(['--set', 'a=1', '--set=b=2', '--config', 'x.json', '--bell', '--on-alert-timeout', '3s']);
    expect(o.settings).toEqual(['a=1', 'b=2']);
    expect(o).toMatchObject({ config: 'x.json', bell: true, onAlertTimeoutMs: 3000 });
  });

  it('--check-window: a duration, or 0 for one sample', () => {
    expect(parseArgs(['check', '--check-window', '0']).checkWindowMs).toBe(0);
    expect(parseArgs(['check', '--check-window', '2s']).checkWindowMs).toBe(2000);
    expect(parseArgs(['check']).checkWindowMs).toBeUndefined();
    expect(() => parseArgs(['check', '--check-window', 'soon'])).toThrow(UsageError);
  });
});
