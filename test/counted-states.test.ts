import { describe, expect, it } from 'vitest';
import { RARE_STATES, statesFromCounters } from '../src/counted-states.js';
import { emptyStateCounts, TCP_STATES } from '../src/states.js';

const rare = (over: Record<string, number>, timewaitFinWait2 = 0) => ({ states: { ...emptyStateCounts(), ...over }, timewaitFinWait2 });

describe('statesFromCounters', () => {
  it('ESTABLISHED is CurrEstab less CLOSE_WAIT; TIME_WAIT is tw less the timewait FIN_WAIT2', () => {
    const s = statesFromCounters(rare({ CLOSE_WAIT: 7, FIN_WAIT2: 5, LISTEN: 3 }, 2), 107, 52);
    expect(s).toEqual({ ...emptyStateCounts(), ESTABLISHED: 100, TIME_WAIT: 50, CLOSE_WAIT: 7, FIN_WAIT2: 5, LISTEN: 3 });
  });

  it('counters below what was enumerated (the table changed between reads) give nothing, not a negative', () => {
    expect(statesFromCounters(rare({ CLOSE_WAIT: 9 }), 8, 0)).toBeUndefined();
    expect(statesFromCounters(rare({ FIN_WAIT2: 3 }, 3), 0, 2)).toBeUndefined();
  });

  it('a counter that could not be read gives nothing', () => {
    expect(statesFromCounters(rare({}), undefined, 4)).toBeUndefined();
    expect(statesFromCounters(rare({}), 4, undefined)).toBeUndefined();
  });

  it('the rare states are every state but ESTABLISHED and TIME_WAIT', () => {
    expect([...RARE_STATES, 'ESTABLISHED', 'TIME_WAIT'].sort()).toEqual([...TCP_STATES].sort());
  });
});
