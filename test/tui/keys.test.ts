import { describe, expect, it } from 'vitest';
import { handleKey, stepInterval } from '../../src/tui/keys.js';
import { advisorShown, initialUi, type UiState } from '../../src/tui/model.js';
import { HELP_LINES } from '../../src/tui/panels/help.js';

const press = (keys: string[], ui: UiState = initialUi(2000)) => keys.reduce((u, k) => handleKey(u, k).ui, ui);

describe('handleKey', () => {
  it('arrows and , . step a replay one sample, [ ] jump a minute', () => {
    const ui = initialUi(2000);
    expect(['left', ',', 'right', '.', '[', ']'].map((k) => handleKey(ui, k))).toEqual([
      { ui, effect: 'seek', move: { entries: -1 } },
      { ui, effect: 'seek', move: { entries: -1 } },
      { ui, effect: 'seek', move: { entries: 1 } },
      { ui, effect: 'seek', move: { entries: 1 } },
      { ui, effect: 'seek', move: { seconds: -60 } },
      { ui, effect: 'seek', move: { seconds: 60 } },
    ]);
    // while help is open, a key only closes it
    expect(handleKey({ ...ui, help: true }, 'left').effect).toBe('none');
  });

  it('q and Ctrl-C quit, even from the help', () => {
    expect(handleKey(initialUi(2000), 'q').effect).toBe('quit');
    expect(handleKey(press(['?']), 'C-c').effect).toBe('quit');
  });

  it('Ctrl-Z suspends', () => {
    expect(handleKey(initialUi(2000), 'C-z').effect).toBe('suspend');
  });

  it('p and Space pause and resume', () => {
    const r = handleKey(initialUi(2000), 'p');
    expect([r.effect, r.ui.paused, r.ui.note]).toEqual(['pause', true, 'paused']);
    const back = handleKey(r.ui, 'space');
    expect([back.effect, back.ui.paused]).toEqual(['resume', false]);
  });

  it('+ and - step the interval, and stop at the ends with a note', () => {
    const r = handleKey(initialUi(2000), '+');
    expect([r.effect, r.ui.intervalMs, r.ui.note]).toEqual(['interval', 5000, 'interval 5s']);
    expect(handleKey(initialUi(2000), '-').ui.intervalMs).toBe(1000);
    const floor = handleKey(initialUi(500), '-');
    expect([floor.effect, floor.ui.intervalMs]).toEqual(['none', 500]);
    expect(floor.ui.note).toMatch(/limit/);
    expect([stepInterval(3000, 1), stepInterval(3000, -1), stepInterval(60_000, 1)]).toEqual([5000, 2000, 60_000]);
  });

  it("P shows socket owners in the advisor's place and asks for a scan; P closes it, A shows the advisor proper", () => {
    const r = handleKey(initialUi(2000), 'P');
    expect([r.effect, r.ui.processes, r.ui.advisor, r.ui.focus]).toEqual(['processes', true, true, 'advisor']);
    // blessed names a shifted letter S-p
    const off = handleKey(r.ui, 'S-p');
    expect([off.effect, off.ui.processes, off.ui.advisor, off.ui.focus]).toEqual(['none', false, false, 'destinations']);
    const a = handleKey(r.ui, 'A');
    expect([a.effect, a.ui.processes, a.ui.advisor]).toEqual(['none', false, true]);
  });

  it('s cycles every sort and comes back, resetting the scroll', () => {
    const sorts: string[] = [];
    let ui: UiState = { ...initialUi(2000), scroll: { destinations: 4, alerts: 0, advisor: 0 } };
    for (let i = 0; i < 5; i++) {
      ui = handleKey(ui, 's').ui;
      sorts.push(ui.sort);
      expect(ui.scroll.destinations).toBe(0);
    }
    expect(sorts).toEqual(['timewait', 'established', 'closewait', 'remote', 'ports']);
  });

  it('s from another panel brings the destinations up (at 80x24 the alert log takes their place)', () => {
    const onLog = handleKey(initialUi(2000), 'tab').ui;
    expect(onLog.focus).toBe('alerts');
    expect(handleKey(onLog, 's').ui).toMatchObject({ focus: 'destinations', sort: 'timewait' });
  });

  it('4 / 6 / a choose the family and nothing else: going back to all never opens a panel', () => {
    expect(press(['4']).family).toBe('ipv4');
    expect(press(['6']).family).toBe('ipv6');
    const a = press(['4', 'down', 'a']);
    expect([a.family, a.advisor, a.focus, a.scroll.destinations]).toEqual(['all', false, 'destinations', 0]);
  });

  it('A (S-a to blessed) opens the advisor with the focus, and closes it again', () => {
    const open = press(['A']);
    expect([open.advisor, open.focus, open.family]).toEqual([true, 'advisor', 'all']);
    expect(press(['6', 'S-a']).family).toBe('ipv6'); // the family stays
    const closed = press(['A', 'S-a']);
    expect([closed.advisor, closed.focus]).toEqual([false, 'destinations']);
    // an advisor shown because Tab focused it: A closes it
    const tabbed = press(['tab', 'tab', 'A']);
    expect([tabbed.advisor, tabbed.focus]).toEqual([false, 'destinations']);
  });

  it('Tab and Shift-Tab reach every panel the help lists, the advisor included (shown while focused)', () => {
    expect(['tab', 'tab', 'tab'].map((_, i, all) => press(all.slice(0, i + 1)).focus)).toEqual(['alerts', 'advisor', 'destinations']);
    expect(['S-tab', 'S-tab', 'S-tab'].map((_, i, all) => press(all.slice(0, i + 1)).focus)).toEqual(['advisor', 'alerts', 'destinations']);
    const tabbed = press(['tab', 'tab']);
    expect([advisorShown(tabbed), tabbed.advisor]).toEqual([true, false]);
    expect(advisorShown(press(['tab', 'tab', 'tab']))).toBe(false);
    // opened with A, it stays when the focus moves on
    expect(advisorShown(press(['A', 'tab']))).toBe(true);
    expect(HELP_LINES.join(' ')).toMatch(/destinations,\s+alert log, advisor/);
  });

  it('arrows scroll the focused panel, never above the top', () => {
    expect(press(['down', 'down', 'j']).scroll.destinations).toBe(3);
    expect(press(['up']).scroll.destinations).toBe(0);
    expect(press(['tab', 'pagedown']).scroll).toEqual({ destinations: 0, alerts: 5, advisor: 0 });
    expect(press(['pagedown', 'home']).scroll.destinations).toBe(0);
  });

  it('? opens the help; any other key only closes it', () => {
    const help = press(['?']);
    expect(help.help).toBe(true);
    const closed = handleKey(help, 's');
    expect([closed.ui.help, closed.ui.sort, closed.effect]).toEqual([false, 'ports', 'none']);
  });

  it('an unknown key changes nothing', () => {
    const ui = initialUi(2000);
    expect(handleKey(ui, 'z')).toEqual({ ui, effect: 'none' });
  });
});

describe('terminalFor', () => {
  it('drives tmux, screen and *-256color terminals as xterm-256color (blessed misreads their terminfo)', async () => {
    const { terminalFor } = await import('../../src/tui/screen.js');
    expect(['tmux-256color', 'screen', 'screen.xterm-256color', 'xterm-256color', 'tmux'].map(terminalFor)).toEqual(Array(5).fill('xterm-256color'));
    expect([terminalFor('linux'), terminalFor('vt100'), terminalFor(undefined)]).toEqual(['linux', 'vt100', 'xterm']);
  });
});
