import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { runCli } from '../../src/cli/main.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import type { PlannedOp } from '../../src/traffic/operation.js';
import { collectOperations } from '../../src/traffic/plan.js';
import { CELL_COUNT } from '../../src/traffic/population.js';

/**
 * The smoke scenario's plan and profile, pinned (issue 9). Property tests pass for any plan with
 * the right statistics; these files make a change in seeding or draw order show, even when it keeps
 * every property. After a change meant to change them: `npm run golden:update`, review the diff of test/golden/.
 */
const SCENARIO = 'scenarios/smoke.yaml';
const PLAN_FILE = 'test/golden/smoke-plan.csv';
const PROFILE_FILE = 'test/golden/smoke-profile.json';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const COLUMNS = ['atUs', 'kind', 'shape', 'userId', 'conversationId', 'seq', 'chars', 'mediaKind', 'mediaBytes', 'refSeq'] as const;

/** The whole plan, one operation a line, absent fields empty. */
function planCsv(ops: readonly PlannedOp[]): string {
  const rows = ops.map((op) => COLUMNS.map((c) => op[c] ?? '').join(','));
  return `${COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}

async function profileJson(): Promise<string> {
  let out = '';
  const ctx: CliContext = {
    stdout: (text) => {
      out += text;
    },
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    interrupt: new AbortController().signal,
  };
  expect(await runCli(['profile', SCENARIO, '--json'], ctx)).toBe(0);
  return out;
}

const plan = () => planCsv(collectOperations(loadScenarioFile(SCENARIO), Array.from({ length: CELL_COUNT }, (_, c) => c)));

describe('the smoke scenario, pinned', () => {
  test.runIf(!UPDATE)('its plan is the golden plan, operation for operation (npm run golden:update after an intended change)', () => {
    const golden = readFileSync(PLAN_FILE, 'utf8').split('\n');
    const now = plan().split('\n');
    const first = now.findIndex((line, i) => line !== golden[i]);
    expect(first === -1 ? undefined : { line: first + 1, now: now[first], golden: golden[first] }, `${PLAN_FILE} differs`).toBeUndefined();
    expect(now.length).toBe(golden.length);
  });

  test.runIf(!UPDATE)('`chatload profile scenarios/smoke.yaml --json` prints the golden profile', async () => {
    expect(await profileJson()).toBe(readFileSync(PROFILE_FILE, 'utf8'));
  });

  test.runIf(UPDATE)('golden copies rewritten', async () => {
    writeFileSync(PLAN_FILE, plan());
    writeFileSync(PROFILE_FILE, await profileJson());
  });
});
