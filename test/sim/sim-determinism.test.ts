import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { simEngine } from '../../src/pipeline/sim-engine.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { simScenarioOf } from '../../src/sim/sim-scenario.js';
import { simRunId } from '../../src/cli/run-ids.js';

/**
 * A sim is a function of its scenario and seed (decision 0002): every file it writes other
 * than provenance.json is the same bytes for the same inputs, whatever the thread count, and
 * the files a reader cites are pinned by golden files — the same bytes `chatload sim
 * test/sim/fixtures/sim-small.yaml` writes on Node 20, 22 and 24 (checked with those binaries).
 * After a change that is meant to change them: `npm run golden:update`, review the diff of test/golden/.
 */
const SCENARIO = 'test/sim/fixtures/sim-small.yaml';
const GOLDEN_DIR = 'test/golden/sim-small';
const GOLDEN_FILES = ['summary.json', 'latency.csv', 'timeseries.csv', 'histograms.hlog', 'intervals.ndjson', 'scenario.json'];
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function simulate(threads: number): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), `chatload-sim-${threads}-`));
  const { scenario, notes } = simScenarioOf(loadScenarioFile(SCENARIO));
  const never = new AbortController().signal;
  await runPipeline(scenario, simEngine({ threads, notes }), {
    outDir: out,
    runId: simRunId(scenario),
    interrupt: never,
    argv: [],
    log: () => {},
  });
  return out;
}

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const relative = path.join(prefix, name);
    return statSync(path.join(dir, relative)).isDirectory() ? filesOf(dir, relative) : [relative];
  });
}

describe('sim output is a function of scenario and seed', () => {
  let oneThread: string;
  let twoThreads: string;
  beforeAll(async () => {
    oneThread = await simulate(1);
    twoThreads = await simulate(2);
  }, 60_000);

  test('two clusters on one thread and on two threads write the same bytes, provenance.json apart', () => {
    const files = filesOf(oneThread)
      .filter((f) => f !== 'provenance.json')
      .sort();
    expect(
      filesOf(twoThreads)
        .filter((f) => f !== 'provenance.json')
        .sort(),
    ).toEqual(files);
    expect(files).toEqual(
      expect.arrayContaining([
        'summary.json',
        'histograms.hlog',
        'report.html',
        'timeseries.csv',
        'latency.csv',
      ]),
    );
    for (const file of files)
      expect(
        readFileSync(path.join(twoThreads, file)).equals(readFileSync(path.join(oneThread, file))),
        file,
      ).toBe(true);
    const provenance = JSON.parse(readFileSync(path.join(twoThreads, 'provenance.json'), 'utf8'));
    expect(provenance.threads).toBe(2);
  });

  test.runIf(!UPDATE)(
    'the files a reader cites match the golden copies (npm run golden:update after an intended change)',
    () => {
      for (const file of GOLDEN_FILES) {
        expect(
          readFileSync(path.join(oneThread, file), 'utf8'),
          `${file} differs from ${GOLDEN_DIR}/${file}`,
        ).toBe(readFileSync(path.join(GOLDEN_DIR, file), 'utf8'));
      }
    },
  );

  test.runIf(UPDATE)('golden copies rewritten', () => {
    for (const file of GOLDEN_FILES)
      writeFileSync(path.join(GOLDEN_DIR, file), readFileSync(path.join(oneThread, file)));
  });
});
