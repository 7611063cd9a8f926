import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { loadScenarioSource } from '../../src/cli/scenario-source.js';
import { ChatloadError } from '../../src/errors.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { maskScenarioSecrets } from '../../src/scenario/mask-secrets.js';

const ctx = (cwd: string): CliContext => ({ stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd, interrupt: new AbortController().signal });

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof ChatloadError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
};

/** A result directory as a run leaves it, as far as --from reads it. */
function resultDir(withFacts: boolean): string {
  const root = mkdtempSync(path.join(tmpdir(), 'chatload-from-'));
  const dir = path.join(root, 'results', 'r1');
  const scenario = loadScenarioFile('scenarios/smoke.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify(maskScenarioSecrets(scenario)));
  if (withFacts) {
    writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ runId: 'r1', planFingerprint: 'abc123' }));
    writeFileSync(path.join(dir, 'provenance.json'), JSON.stringify({ runId: 'r1', toolVersion: '0.1.0', gitCommit: 'deadbeef' }));
  }
  return root;
}

describe('where run and sim take their scenario from', () => {
  test('--from a result directory: its scenario, and what the result says of itself in replayOf', () => {
    const root = resultDir(true);
    const { scenario, replayOf } = loadScenarioSource({ from: 'results/r1' }, { seed: 3 }, ctx(root));
    expect(scenario.name).toBe('smoke');
    expect(scenario.seed).toBe(3);
    expect(replayOf).toEqual({ dir: 'results/r1', runId: 'r1', planFingerprint: 'abc123', toolVersion: '0.1.0', gitCommit: 'deadbeef', restoredSecrets: ['accessToken', 'appSecret', 'verifyToken'] });
  });

  test('a directory with only scenario.json still replays; the facts it lacks are null', () => {
    const { replayOf } = loadScenarioSource({ from: 'results/r1' }, {}, ctx(resultDir(false)));
    expect(replayOf).toMatchObject({ runId: null, planFingerprint: null, toolVersion: null, gitCommit: null });
  });

  test('a scenario file: no replayOf', () => {
    expect(loadScenarioSource({ scenario: 'scenarios/smoke.yaml' }, {}, ctx(process.cwd())).replayOf).toBeUndefined();
  });

  test('refused with a clear error: both, neither, or a directory without scenario.json', () => {
    const here = ctx(process.cwd());
    expect(errorOf(() => loadScenarioSource({ scenario: 'scenarios/smoke.yaml', from: 'results/r1' }, {}, here))).toBe('CHATLOAD_E_USAGE: give a scenario file or --from results/r1, not both');
    expect(errorOf(() => loadScenarioSource({}, {}, here))).toBe('CHATLOAD_E_USAGE: give a scenario file, or --from results/<id>/ to replay a result');
    expect(errorOf(() => loadScenarioSource({ from: 'scenarios' }, {}, here))).toBe('CHATLOAD_E_RESULT_DIR_INVALID: scenarios: no scenario.json (is it a result directory?)');
  });
});
