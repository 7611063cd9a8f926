import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudyJson } from '../../src/report/study-report.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';

/** A one-shape scenario for seconds-long runs: a compressed day (and for customer service a larger population) so one second carries traffic. */
function tinyScenario(dir: string, shape: string, users: number): string {
  const file = path.join(dir, `${shape}.yaml`);
  writeFileSync(
    file,
    [
      `name: tiny-${shape}`,
      'seed: 7',
      'duration: 1s',
      `users: ${users}`,
      'workers: 1',
      'target: embedded',
      'clock: { startHour: 10, dayIn: 1m, preRoll: 2m }',
      'traffic:',
      '  mix:',
      `    - { shape: ${shape}, weight: 1 }`,
      '',
    ].join('\n'),
  );
  return file;
}

describe('chatload study (built CLI, tiny settings)', () => {
  it('runs, compares and capacity-searches both scenarios; one report.html with the ratio, the multiplier and both hockey sticks', async () => {
    const dir = tempDir('study');
    const out = path.join(dir, 'out');
    const run = await runChatload([
      'study',
      tinyScenario(dir, 'customer-service', 40_000),
      tinyScenario(dir, 'general-chatbot', 4_000),
      '--run-duration',
      '1s',
      '--step-duration',
      '1s',
      '--warmup',
      '0s',
      '--max-steps',
      '2',
      '--start-users',
      '4000',
      '--out',
      out,
    ]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Capacity ratio tiny-customer-service ÷ tiny-general-chatbot:');
    const study = JSON.parse(readFileSync(path.join(out, 'study.json'), 'utf8')) as StudyJson;
    expect(study.scenarios.map((s) => s.runDir)).toEqual([
      'runs/tiny-customer-service',
      'runs/tiny-general-chatbot',
    ]);
    expect(study.knees).toHaveLength(2);
    for (const s of study.scenarios) {
      expect(existsSync(path.join(out, s.runDir, 'summary.json'))).toBe(true);
      expect(existsSync(path.join(out, s.capacityDir, 'capacity.json'))).toBe(true);
    }
    expect(existsSync(path.join(out, 'compare', 'comparison.json'))).toBe(true);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('Capacity ratio tiny-customer-service ÷ tiny-general-chatbot');
    const plots = [...html.matchAll(/data-plot="([^"]+)"/g)].map((m) => m[1]);
    expect(plots).toEqual(
      expect.arrayContaining([
        'load-multiplier',
        '1-tiny-customer-service-hockey-stick',
        '2-tiny-general-chatbot-hockey-stick',
      ]),
    );
    expect(html).toContain('href="capacity-tiny-general-chatbot/step-01-users-4000/report.html"');
  });

  it('needs exactly two scenarios', async () => {
    const run = await runChatload(['study', 'scenarios/smoke.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('study takes two scenarios, got 1');
  });
});
