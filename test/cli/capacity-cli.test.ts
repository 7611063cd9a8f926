import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacityJson } from '../../src/report/capacity-schema.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';

// End to end on the built CLI (npm test builds first): short steps keep this file well under 30 s.
describe('chatload capacity (built CLI, smoke scenario, tiny steps)', () => {
  it('runs real steps, writes a result directory per step, capacity.json/csv and report.html with the hockey stick', async () => {
    const out = tempDir('capacity');
    const run = await runChatload([
      'capacity',
      'scenarios/smoke.yaml',
      '--slo',
      'p99<5s',
      '--slo',
      'errors<50%',
      '--start-users',
      '2000',
      '--step-duration',
      '1s',
      '--warmup',
      '1s',
      '--max-steps',
      '2',
      '--out',
      out,
    ]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /step\s+users\s+phase\s+offered\/s\s+completed\/s\s+p99<5s\s+errors<50%\s+errors\s+verdict/,
    );
    expect(run.stdout).toContain('smoke: no step failed within 2 steps; the knee is at least 4,000 users');
    expect(run.stdout).toMatch(/users per service slot \(64 slots\), [\d,]+ users per 80 msg\/s/);
    const json = JSON.parse(readFileSync(path.join(out, 'capacity.json'), 'utf8')) as CapacityJson;
    expect(json.steps.map((s) => [s.users, s.phase, s.pass])).toEqual([
      [2000, 'start', true],
      [4000, 'grow', true],
    ]);
    expect(json).toMatchObject({
      end: 'max-steps-no-fail',
      knee: 4000,
      failedAt: null,
      usersPerSlot: 4000 / 64,
    });
    for (const s of json.steps) {
      // 1 s warm-up + 1 s step: only the second interval is measured.
      expect(s.measuredSeconds).toBeGreaterThan(0.5);
      expect(s.measuredSeconds).toBeLessThan(1.6);
      expect(s.completedOpsPerSecond).toBeGreaterThan(0);
      const summary = JSON.parse(readFileSync(path.join(out, s.dir, 'summary.json'), 'utf8')) as {
        thresholds: { source: string; pass: boolean }[];
      };
      // The step's summary carries the SLO verdicts measured after the warm-up.
      expect(summary.thresholds.map((t) => t.source)).toEqual(['p99<5s', 'errors<50%']);
      expect(existsSync(path.join(out, s.dir, 'histograms.hlog'))).toBe(true);
    }
    expect(readFileSync(path.join(out, 'capacity.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('data-plot="hockey-stick"');
    expect(html).toMatch(/<figure data-plot="hockey-stick"><svg[\s\S]*<\/svg>/);
    expect(existsSync(path.join(out, 'plots', 'hockey-stick.svg'))).toBe(true);
  });

  it('reports a failed search clearly and exits 99 when even the first step fails', async () => {
    const out = tempDir('capacity-fail');
    const run = await runChatload([
      'capacity',
      'scenarios/smoke.yaml',
      '--slo',
      'p99<1us',
      '--start-users',
      '500',
      '--step-duration',
      '1s',
      '--warmup',
      '0s',
      '--max-steps',
      '1',
      '--out',
      out,
    ]);
    expect(run.code).toBe(99);
    expect(run.stderr).toContain(
      'chatload: capacity search failed: smoke: no population met the SLOs: even 500 users failed (p99 was',
    );
    const json = JSON.parse(readFileSync(path.join(out, 'capacity.json'), 'utf8')) as CapacityJson;
    expect(json).toMatchObject({ end: 'no-pass', knee: null, usersPerSlot: null });
  });

  it('rejects a bad SLO before running anything', async () => {
    const run = await runChatload(['capacity', 'scenarios/smoke.yaml', '--slo', 'send.p99<250']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--slo: threshold "send.p99<250": a time needs a unit');
  });
});
