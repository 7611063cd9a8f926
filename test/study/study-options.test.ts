import { describe, expect, it } from 'vitest';
import { studySettingsOf } from '../../src/cli/study-options-parse.js';
import type { StudyArgs } from '../../src/cli/study-options.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { studyPairProblem } from '../../src/study/study-design.js';
import { DEFAULT_STUDY_SETTINGS } from '../../src/study/study-settings.js';

const args = (more: Partial<StudyArgs> = {}): StudyArgs => ({
  live: false,
  force: false,
  progress: false,
  ...more,
});

describe('study settings from the options', () => {
  it('are the defaults when no option is given', () => {
    expect(studySettingsOf(args())).toEqual(DEFAULT_STUDY_SETTINGS);
  });

  it('take each option, and the slot populations join the curve', () => {
    const s = studySettingsOf(
      args({
        replicates: 5,
        'day-users': 3_000,
        tiers: '80, 250',
        probes: '4',
        'knee-replicates': '2',
        'quota-window': '10m',
        'slot-users': '30000,2e5',
        sensitivity: 50,
      }),
    );
    expect(s).toMatchObject({
      replicates: 5,
      dayUsers: { 'customer-service': 3_000, 'general-chatbot': 3_000 },
      sensitivitySamples: 50,
      live: null,
    });
    expect(s.quota).toMatchObject({ tiers: [80, 250], probes: [4], replicates: [2], windowUs: 600_000_000 });
    expect(s.slots.simUsers).toEqual([30_000, 200_000]);
    expect(s.slots.curveUsers).toEqual([
      30_000, 100_000, 200_000, 300_000, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9,
    ]);
  });

  it('refuse a bad value by its flag (exit 2)', () => {
    expect(() => studySettingsOf(args({ tiers: '80,2000' }))).toThrow(
      '--tiers expects throughputs in msg/s above 0 and at most 1,000, e.g. 80,1000, got "80,2000"',
    );
    expect(() => studySettingsOf(args({ replicates: 0 }))).toThrow(
      '--replicates expects a whole number ≥ 1, got 0',
    );
    expect(() => studySettingsOf(args({ slo: 'errors<1%' }))).toThrow(
      '--slo: "errors<1%" is not a latency SLO',
    );
    expect(() => studySettingsOf(args({ 'quota-window': 'soon' }))).toThrow(
      '--quota-window expects a duration',
    );
  });

  it('refuse more than 3 live replicates without --force, and take them with it', () => {
    expect(() => studySettingsOf(args({ live: true, 'live-replicates': 5 }))).toThrow(
      expect.objectContaining({ code: 'CHATLOAD_E_LIVE_REPLICATES' }),
    );
    expect(studySettingsOf(args({ live: true, 'live-replicates': 5, force: true })).live).toMatchObject({
      runs: 5,
      users: 500_000,
    });
  });
});

describe('the pair of scenarios a study compares', () => {
  const cs = loadScenarioFile('scenarios/customer-service.yaml');
  const bot = loadScenarioFile('scenarios/general-chatbot.yaml');

  it('is one customer-service and one general-chatbot scenario, in either order', () => {
    expect(studyPairProblem([cs, bot])).toBeUndefined();
    expect(studyPairProblem([bot, cs])).toBeUndefined();
    expect(studyPairProblem([cs])).toBe('study takes two scenarios, got 1');
    expect(studyPairProblem([bot, bot])).toMatch(
      /^study compares a customer-service scenario with a general-chatbot one; got general-chatbot \(general-chatbot\) and/,
    );
    expect(studyPairProblem([cs, loadScenarioFile('scenarios/smoke.yaml')])).toBe(
      'study compares two one-shape scenarios; smoke has 2 mix entries',
    );
  });
});
