import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { runStudy, type StudyRunOptions } from '../../src/study/run-study.js';
import { scenarioFingerprint } from '../../src/study/step-store.js';
import { type StudyJson, StudyJsonSchema } from '../../src/study/study-schema.js';
import type { StudySettings } from '../../src/study/study-settings.js';
import { secondsToUs } from '../../src/units.js';
import { tempDir } from '../e2e/cli-helpers.js';

/** One shape with its sourced defaults and modelled latency; a 2-minute pre-roll keeps each step to a few thousand events. */
function scenarioFile(dir: string, shape: string): string {
  const file = path.join(dir, `${shape}.yaml`);
  writeFileSync(file, [`name: tiny-${shape}`, 'seed: 42', 'duration: 1m', 'users: 1000', 'clock: { preRoll: 2m }', 'traffic:', '  mix:', `    - { shape: ${shape}, weight: 1 }`, ''].join('\n'));
  return file;
}

// Small enough for a unit test (14 sim steps of at most a few thousand operations), large enough that every section has figures.
const settings: StudySettings = {
  replicates: 2,
  dayUsers: { 'customer-service': 3_000, 'general-chatbot': 300 },
  quota: { tiers: [1], windowUs: secondsToUs(600), maxErrorShare: 0.01, inboundWaitP99Ms: 1000, growth: 1.5, resolution: 0.1, probes: [3], replicates: [1] },
  slots: { slo: 'p99<250ms', simUsers: [30_000], curveUsers: [30_000, 1e9], windowUs: secondsToUs(600) },
  sensitivitySamples: 50,
  live: null,
};

function options(dir: string, files: { customerService: string; chatbot: string }, interrupt: AbortSignal, log: (line: string) => void = () => {}): StudyRunOptions {
  const cs = loadScenarioFile(files.customerService);
  const bot = loadScenarioFile(files.chatbot);
  const ref = (s: typeof cs, file: string) => ({ name: s.name, file: path.basename(file), seed: s.seed, fingerprint: scenarioFingerprint(s) });
  return {
    dir,
    files,
    scenarios: { customerService: cs, chatbot: bot },
    refs: { customerService: ref(cs, files.customerService), chatbot: ref(bot, files.chatbot) },
    settings,
    seed: null,
    threads: 1,
    interrupt,
    log,
    argv: ['study'],
  };
}

/** What must not depend on how the study was run (sessions, threads, wall time). */
const figures = (study: StudyJson) => ({ userDay: study.userDay, quota: study.quota, slots: study.slots, sensitivity: study.sensitivity, projection: study.projection });

describe('a study in virtual time (tiny settings)', () => {
  const dir = tempDir('run-study');
  const files = { customerService: scenarioFile(dir, 'customer-service'), chatbot: scenarioFile(dir, 'general-chatbot') };
  let straight: StudyJson;

  it('fills every section from its steps: user-day intervals over replicates, quota knees, slot checks, sensitivity, projection', async () => {
    const { study, complete } = await runStudy(options(path.join(dir, 'straight'), files, new AbortController().signal));
    straight = study;
    expect(complete).toBe(true);
    expect(Value.Check(StudyJsonSchema, JSON.parse(JSON.stringify(study)))).toBe(true);
    expect(study.interrupted).toBeNull();
    const messages = study.userDay!.rows.find((r) => r.metric === 'messagesTotal')!;
    expect(messages.perEnrolledUserDay.chatbot.sim.n).toBe(2);
    expect(messages.perEnrolledUserDay.ratio.sim.low!).toBeLessThan(messages.perEnrolledUserDay.ratio.sim.high!);
    for (const shape of study.quota.shapes) {
      expect(shape.tiers).toHaveLength(1);
      const tier = shape.tiers[0]!;
      // Three probes, and one replicate over the bracket when they found one.
      expect(tier.points).toHaveLength(tier.bracket.pass !== null && tier.bracket.fail !== null ? 4 : 3);
      expect(tier.complete).toBe(true);
    }
    expect(study.slots.curve.map((p) => p.users)).toEqual([30_000, 1e9]);
    expect(study.slots.checks.map((c) => c.shape).sort()).toEqual(['customer-service', 'general-chatbot']);
    expect(study.sensitivity.map((s) => s.joint.samples)).toEqual([50, 50]);
    expect(study.projection).not.toBeNull();
    expect(study.steps).toMatchObject({ finished: study.steps.planned, readBack: 0 });
  });

  it('stopped (Ctrl-C) with steps to do, keeps what finished and resumes to the same figures as the straight study', async () => {
    // The straight study's directory less its last five steps: a study that crashed there.
    const resumed = path.join(dir, 'resumed');
    cpSync(path.join(dir, 'straight'), resumed, { recursive: true });
    const steps = readdirSync(path.join(resumed, 'steps')).sort();
    for (const name of steps.slice(-5)) rmSync(path.join(resumed, 'steps', name));
    const stop = new AbortController();
    const first = await runStudy(options(resumed, files, stop.signal, (line) => line.includes(' done · ') && stop.abort()));
    expect(first.complete).toBe(false);
    expect(first.study.interrupted).toContain('interrupted');
    expect(first.study.steps.readBack).toBe(steps.length - 5);
    const stored = first.study.steps.finished;
    expect(stored).toBeGreaterThan(steps.length - 5);
    expect(stored).toBeLessThan(steps.length);
    const second = await runStudy(options(resumed, files, new AbortController().signal));
    expect(second.complete).toBe(true);
    expect(second.study.steps).toMatchObject({ readBack: stored, finished: straight.steps.planned });
    expect(figures(second.study)).toEqual(figures(straight));
  });

  it('counts only its own steps when the directory also holds a live point it no longer plays', async () => {
    const again = path.join(dir, 'stale');
    cpSync(path.join(dir, 'straight'), again, { recursive: true });
    const day = JSON.parse(readFileSync(path.join(again, 'steps', 'day-general-chatbot-r00.json'), 'utf8'));
    const id = 'live-general-chatbot-u1000-d60s-live-r00';
    writeFileSync(path.join(again, 'steps', `${id}.json`), JSON.stringify({ ...day, spec: { ...day.spec, id, part: 'live', engine: 'live' } }));
    const { study } = await runStudy(options(again, files, new AbortController().signal));
    expect(study.steps).toMatchObject({ planned: straight.steps.planned, finished: straight.steps.planned, readBack: straight.steps.planned });
    expect(study.live).toBeNull();
  });

  it('refuses a directory that holds another study, naming what differs', async () => {
    const other = { ...options(path.join(dir, 'straight'), files, new AbortController().signal), settings: { ...settings, replicates: 4 } };
    await expect(runStudy(other)).rejects.toThrow(/holds another study: other settings/);
    expect(JSON.parse(readFileSync(path.join(dir, 'straight', 'study-plan.json'), 'utf8')).settings.replicates).toBe(2);
  });
});
