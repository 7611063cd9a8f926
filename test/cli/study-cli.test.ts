import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { StudyJsonSchema } from '../../src/study/study-schema.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';

/** One shape with its sourced defaults and modelled latency; a 2-minute pre-roll keeps each sim step small. */
function scenarioFile(dir: string, shape: string): string {
  const file = path.join(dir, `${shape}.yaml`);
  writeFileSync(file, [`name: tiny-${shape}`, 'seed: 42', 'duration: 1m', 'users: 1000', 'clock: { preRoll: 2m }', 'traffic:', '  mix:', `    - { shape: ${shape}, weight: 1 }`, ''].join('\n'));
  return file;
}

// Tiny settings: 2 replicates of 3,000-user days, one 1 msg/s tier with 1 probe, one slot population, on 2 threads.
const TINY = ['--replicates', '2', '--day-users', '3000', '--tiers', '1', '--probes', '1', '--knee-replicates', '0', '--quota-window', '10m', '--slot-users', '30000', '--sensitivity', '50', '--threads', '2'];

describe('chatload study (built CLI, tiny settings)', () => {
  it('stopped by Ctrl-C writes the partial study and exits 130; --resume reads the finished steps back and writes the whole report', async () => {
    const dir = tempDir('study-cli');
    const out = path.join(dir, 'out');
    const files = [scenarioFile(dir, 'customer-service'), scenarioFile(dir, 'general-chatbot')];
    const stopped = await runChatload(['study', ...files, ...TINY, '--out', out], (child, output) => {
      const timer = setInterval(() => {
        if (output().includes(' done · ')) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('close', () => clearInterval(timer));
    });
    expect(stopped.stderr).not.toContain('internal error');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain(`rerun with --resume ${out} to finish it`);
    const partial = JSON.parse(readFileSync(path.join(out, 'study.json'), 'utf8'));
    expect(partial.interrupted).toContain('interrupted');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('PARTIAL study');

    const resumed = await runChatload(['study', '--resume', out]);
    expect(resumed.stderr).not.toContain('internal error');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/chatload study: \d+ finished steps? read back/);
    for (const section of ['Load per user-day, chatbot ÷ customer service', 'Users one business number serves', 'Service slots at wait.mean<10ms', 'messages per enrolled user-day, chatbot ÷ customer service: ×']) {
      expect(resumed.stdout).toContain(section);
    }
    const study = JSON.parse(readFileSync(path.join(out, 'study.json'), 'utf8'));
    expect(Value.Check(StudyJsonSchema, study)).toBe(true);
    expect(study.interrupted).toBeNull();
    expect(study.steps.readBack).toBeGreaterThan(0);
    expect(study.steps.finished).toBe(study.steps.planned);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect([...html.matchAll(/data-plot="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['quota-knees', 'slots-vs-scale', 'tornado']);
    for (const svg of ['quota-knees.svg', 'slots-vs-scale.svg', 'tornado.svg']) expect(existsSync(path.join(out, 'plots', svg))).toBe(true);
    expect(html).toContain('chatload study --resume');
  }, 240_000);
});
