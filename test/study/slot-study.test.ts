import { describe, expect, it } from 'vitest';
import { slotsVsScale } from '../../src/platform/peak-demand.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { simSloValueMs, slotCheck, studySlo } from '../../src/study/slot-study.js';
import { DEFAULT_STUDY_SETTINGS } from '../../src/study/study-settings.js';
import { measureOf } from './study-fixtures.js';

const sloOf = (text: string) => {
  const judged = studySlo(text);
  if (!('slo' in judged)) throw new Error(judged.problem);
  return judged.slo;
};

describe('the SLO a study judges its slot checks by', () => {
  it('is the mean wait for a slot by default, which the sim measures', () => {
    expect(sloOf(DEFAULT_STUDY_SETTINGS.slots.slo)).toEqual({ measure: 'wait', statistic: 'mean', belowMs: 10 });
  });

  it('takes sojourn statistics the sim keeps, and refuses wait quantiles (the sim sums waits, it keeps no distribution)', () => {
    expect(sloOf('p99<1s')).toEqual({ measure: 'sojourn', statistic: 0.99, belowMs: 1000 });
    expect(studySlo('wait.p99<50ms')).toEqual({ problem: expect.stringContaining("the sim keeps the wait's mean only") });
    expect(studySlo('p95<1s')).toEqual({ problem: expect.stringContaining("the study judges the sojourn's mean, p50, p90, p99 or p99.9") });
  });

  it('reads the mean wait of a sim run as summed waits ÷ slot services', () => {
    const wait = sloOf('wait.mean<10ms');
    expect(simSloValueMs(measureOf({ sent: { send: 3 }, served: 4, queuedUs: 30_000 }), wait)).toBe(7.5);
    expect(simSloValueMs(measureOf({ served: 0, queuedUs: 0 }), wait)).toBe(0);
    expect(simSloValueMs(measureOf({ sent: { send: 1 }, sojournP99Us: 212_000 }), sloOf('p99<250ms'))).toBe(212);
  });
});

describe('a slot check: the sim against the approximation at c* and c* − 1', () => {
  const bot = loadScenarioFile('scenarios/general-chatbot.yaml');
  const slo = sloOf('wait.mean<10ms');
  const cStar = slotsVsScale(bot, [1e6], slo)[0]!.shapes[0]!.needed!.slots!;
  const run = (slots: number, role: 'at' | 'below', waitMs: number) => ({ users: 1e6, slots, role, measure: measureOf({ sent: { send: 1_000 }, served: 1_000, queuedUs: waitMs * 1_000 * 1_000 }) });

  it('gives the approximation’s own value beside the sim’s: below the bound at c*, not below it at c* − 1', () => {
    const check = slotCheck(bot, 'general-chatbot', 1e6, cStar, [run(cStar, 'at', 3), run(cStar - 1, 'below', 20)], slo);
    const [at, below] = check.runs;
    expect(at!.approxValueMs).toBeLessThan(10);
    expect(below!.approxValueMs === null || below!.approxValueMs >= 10).toBe(true);
    expect(check.verdict).toBe('agrees');
  });

  it('says the sim needs more when it misses at c*, and fewer when it meets the SLO at c* − 1', () => {
    expect(slotCheck(bot, 'general-chatbot', 1e6, cStar, [run(cStar, 'at', 12), run(cStar - 1, 'below', 30)], slo).verdict).toBe('sim needs more');
    expect(slotCheck(bot, 'general-chatbot', 1e6, cStar, [run(cStar, 'at', 3), run(cStar - 1, 'below', 9)], slo).verdict).toBe('sim needs fewer');
  });
});
