import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacityJson } from '../../src/report/capacity-schema.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';

describe('compare with a scenario argument (built CLI)', () => {
  it('runs the scenario first into <out>/runs/<name>/ and compares it with a result directory', async () => {
    const out = tempDir('compare-scenario');
    // The given result only has to exist: a sim makes it without a mock or a worker pool.
    const first = await runChatload([
      'sim',
      'scenarios/smoke.yaml',
      '--duration',
      '1s',
      // Enough users that one simulated second at 10:00 has traffic at the default activity shares (0.7 %, 8 %).
      '--users',
      '2000000',
      '--no-progress',
      '--out',
      path.join(out, 'given'),
    ]);
    expect(first.code).toBe(0);
    const scenario = path.join(out, 'smoke-1s.yaml');
    writeFileSync(
      scenario,
      readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^duration: .*$/m, 'duration: 1s'),
    );
    const run = await runChatload([
      'compare',
      scenario,
      path.join(out, 'given'),
      '--no-progress',
      '--out',
      path.join(out, 'cmp'),
    ]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/chatload compare: ran .*smoke-1s\.yaml → .*runs\/smoke/);
    expect(existsSync(path.join(out, 'cmp', 'runs', 'smoke', 'summary.json'))).toBe(true);
    expect(existsSync(path.join(out, 'cmp', 'runs', 'smoke', 'report.html'))).toBe(true);
    const comparison = JSON.parse(readFileSync(path.join(out, 'cmp', 'comparison.json'), 'utf8')) as {
      columns: { source: string }[];
    };
    expect(new Set(comparison.columns.map((c) => path.basename(c.source)))).toEqual(
      new Set(['smoke', 'given']),
    );
  });
});

describe('capacity interrupted (Ctrl-C)', () => {
  it('stops, writes what was measured and exits 130', async () => {
    const out = tempDir('capacity-interrupt');
    const run = await runChatload(
      [
        'capacity',
        'scenarios/smoke.yaml',
        '--start-users',
        '2000',
        '--step-duration',
        '1s',
        '--warmup',
        '0s',
        '--max-steps',
        '5',
        '--out',
        out,
      ],
      (child, output) => {
        // Interrupt in the middle of the second step's run (the line is printed as its load starts).
        const timer = setInterval(() => {
          if (output().includes('smoke — 4,000 users')) {
            clearInterval(timer);
            setTimeout(() => child.kill('SIGINT'), 400);
          }
        }, 50);
        child.on('close', () => clearInterval(timer));
      },
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('the capacity search was interrupted');
    const json = JSON.parse(readFileSync(path.join(out, 'capacity.json'), 'utf8')) as CapacityJson;
    expect(json.end).toBe('interrupted');
    expect(json.steps[0]).toMatchObject({ users: 2000, pass: true, interrupted: false });
    expect(json.steps[1]).toMatchObject({ users: 4000, pass: false, interrupted: true });
    expect(json.knee).toBe(2000);
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  });
});

/** Ctrl-C `afterMs` into the first run's load: from its start instant (its interval stream is opened then), not from its banner, which start-up follows. */
function interruptWhenLoading(out: string, afterMs: number) {
  return (child: import('node:child_process').ChildProcess) => {
    const timer = setInterval(() => {
      if (existsSync(path.join(out, 'runs', 'smoke', 'intervals.ndjson'))) {
        clearInterval(timer);
        setTimeout(() => child.kill('SIGINT'), afterMs);
      }
    }, 50);
    child.on('close', () => clearInterval(timer));
  };
}

/** The smoke scenario without its pre-roll, so a run starts at once (these tests only need it to be running). */
function quickSmoke(dir: string): string {
  const file = path.join(dir, 'smoke.yaml');
  writeFileSync(file, readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^ {2}preRoll: .*$/m, '  preRoll: 0s').replace(/^duration: .*$/m, 'duration: 5s'));
  return file;
}

describe('compare interrupted (Ctrl-C) still writes its top report', () => {
  it('compare: compares what was measured (the partial run), writes comparison.json and report.html, exits 130', async () => {
    const out = tempDir('compare-interrupt');
    const run = await runChatload(['compare', quickSmoke(out), '--no-progress', '--out', out], interruptWhenLoading(out, 800));
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/chatload: compare was interrupted while running .*smoke\.yaml; its partial results are in .*runs\/smoke; what was measured is compared in /);
    const comparison = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as { columns: { source: string }[] };
    expect(comparison.columns.map((c) => path.basename(c.source))).toContain('smoke');
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'runs', 'smoke', 'summary.json'), 'utf8')).interrupted).toBe(true);
  });
});
