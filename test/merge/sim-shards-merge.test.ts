import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as hdr from 'hdr-histogram-js';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { simRunId } from '../../src/cli/run-ids.js';
import { mergeShards } from '../../src/cli/merge-run.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { simEngine } from '../../src/pipeline/sim-engine.js';
import { ChatloadError } from '../../src/errors.js';
import type { SummaryJson } from '../../src/report/summary-schema.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { simScenarioOf } from '../../src/sim/sim-scenario.js';
import type { ShardSpec } from '../../src/traffic/shard-split.js';
import { tempDir } from '../e2e/cli-helpers.js';

/**
 * The merge property (issue 12): the N shards of a clustered sim, merged, are the unsharded sim —
 * the same bytes in every file a reader cites; summary.json differs only by what says it was
 * merged (the merge record and one note). N = 1, 2 and 3 (3 does not divide the 64 cells); N = 2
 * as the Kubernetes Indexed Job runs it: its pod command started twice with JOB_COMPLETION_INDEX
 * and CHATLOAD_SHARD_COUNT (no --shard), then the merge (deploy/local-shards.sh).
 */
// report.html (tested on its own; ~1–2 s of chart rendering per directory) is left out of the
// in-process runs and merges; the shards the Job's pod command writes still render theirs.
vi.mock('../../src/report/html-report.js', () => ({ writeHtmlReport: async () => {} }));

const SCENARIO = 'test/sim/fixtures/sim-shards.yaml';
const SAME_BYTES = ['histograms.hlog', 'intervals.ndjson', 'latency.csv', 'timeseries.csv', 'scenario.json'];
const never = new AbortController().signal;

const root = tempDir('sim-shards');
const made = new Map<string, Promise<string>>();

/** The sim of the fixture, or of one shard of it, each made once for the whole file. */
function simulate(shard?: ShardSpec): Promise<string> {
  const name = shard === undefined ? 'whole' : `shard-${shard.index}-of-${shard.count}`;
  let dir = made.get(name);
  if (dir === undefined) {
    dir = simulateInto(path.join(root, name), shard);
    made.set(name, dir);
  }
  return dir;
}

async function simulateInto(outDir: string, shard?: ShardSpec): Promise<string> {
  const { scenario, notes } = simScenarioOf(loadScenarioFile(SCENARIO));
  await runPipeline(scenario, simEngine({ threads: 1, notes, ...(shard === undefined ? {} : { shard }) }), {
    outDir,
    runId: simRunId(scenario, shard),
    interrupt: never,
    argv: [],
    log: () => {},
    ...(shard === undefined ? {} : { shard }),
  });
  return outDir;
}

/** deploy/local-shards.sh: the sim Job's pod command N times, then `chatload merge`; its exit code. */
function podShards(count: number, out: string): Promise<number | null> {
  const child = spawn('bash', ['deploy/local-shards.sh', String(count), SCENARIO, out], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

async function mergedOf(count: number): Promise<string> {
  if (count === 2) {
    const out = path.join(root, 'pods-2');
    expect(await podShards(2, out)).toBe(0);
    for (const index of [0, 1]) made.set(`shard-${index}-of-2`, Promise.resolve(path.join(out, `shard-${index}`)));
    return path.join(out, 'merged');
  }
  const inputs: string[] = [];
  // Given out of order: the merge sorts by shard index.
  for (let index = count - 1; index >= 0; index -= 1) inputs.push(await simulate({ index, count }));
  const outDir = path.join(root, `merged-${count}`);
  await mergeShards({ inputs, cwd: root, outDir, thresholds: [], allowMissing: false, argv: [], log: () => {} });
  return outDir;
}

const summaryOf = (dir: string): SummaryJson => JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
const hgrmFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.hgrm')).sort();

/** summary.json without what only a merge writes: its record and its closing note. */
function unmerged(summary: SummaryJson): Omit<SummaryJson, 'merge' | 'runId'> {
  const { merge: _merge, runId: _runId, ...rest } = summary;
  return { ...rest, notes: rest.notes.filter((note) => !note.startsWith('merged from ')) };
}

describe('merging the shards of a clustered sim gives the unsharded sim', () => {
  let whole: string;
  beforeAll(async () => {
    whole = await simulate();
  }, 60_000);

  test.each([1, 2, 3])(
    '%i shard(s) merged: histograms, counters, intervals and summary figures are the same bytes',
    async (count) => {
      const merged = await mergedOf(count);
      for (const file of [...SAME_BYTES, ...hgrmFiles(whole)]) {
        expect(readFileSync(path.join(merged, file)).equals(readFileSync(path.join(whole, file))), file).toBe(true);
      }
      expect(hgrmFiles(merged)).toEqual(hgrmFiles(whole));
      const summary = summaryOf(merged);
      expect(JSON.stringify(unmerged(summary))).toBe(JSON.stringify(unmerged(summaryOf(whole))));
      expect(summary.merge?.shardCount).toBe(count);
      expect(summary.merge?.shards.map((s) => s.index)).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(summary.merge?.platformStatsFrom).toBe('sum');
      expect(summary.partial).toBe(false);
      // Not a vacuous equality: the run has refusals, and every series has completions.
      const total = summary.series.find((s) => s.key === '*/*');
      expect(total?.count).toBeGreaterThan(50);
      expect(total?.errors).toBeGreaterThan(0);
    },
    60_000,
  );

  test('each shard of an uneven split says so and leaves its thresholds to the merge', async () => {
    const shard = summaryOf(path.join(root, 'shard-0-of-3'));
    expect(shard.shard).toEqual({ index: 0, count: 3 });
    expect(shard.notes.some((n) => /shard 0 of 3: 22 of the 64 population cells .*uneven split.*22, 21, 21 cells/.test(n))).toBe(true);
    expect(shard.thresholds).toEqual([]);
  });
});

/** A copy of a shard's result directory with its summary.json edited. */
function editedCopy(from: string, to: string, edit: (summary: SummaryJson) => void): string {
  cpSync(from, to, { recursive: true });
  const summary = summaryOf(to);
  edit(summary);
  writeFileSync(path.join(to, 'summary.json'), JSON.stringify(summary));
  return to;
}

async function refusalOf(inputs: readonly string[], cwd: string, allowMissing = false): Promise<ChatloadError> {
  const error = await mergeShards({ inputs, cwd, outDir: path.join(cwd, 'refused'), thresholds: [], allowMissing, argv: [], log: () => {} }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChatloadError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('merge refuses directories that are not the shards of one run (exit 2, every reason at once)', () => {
  let shard0: string;
  let shard1: string;
  beforeAll(async () => {
    shard0 = await simulate({ index: 0, count: 2 });
    shard1 = await simulate({ index: 1, count: 2 });
  }, 60_000);

  test('the same shard index twice', async () => {
    const again = editedCopy(shard0, path.join(root, 'again'), () => {});
    const error = await refusalOf([shard0, again, shard1], root);
    expect(error.code).toBe('CHATLOAD_E_MERGE_REFUSED');
    expect(error.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^shard 0 again: .* would count its operations twice/)]);
  });

  test('shards of two splits', async () => {
    const ofThree = await simulate({ index: 1, count: 3 });
    const error = await refusalOf([shard0, ofThree], root);
    expect(error.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^is shard 1 of 3, .* of 2: they split the run differently$/)]);
  });

  test('another plan fingerprint and other HDR settings, both reported', async () => {
    const other = editedCopy(shard1, path.join(root, 'other'), (summary) => {
      summary.planFingerprint = `${summary.planFingerprint}0`;
      const coarse = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 2 });
      coarse.recordValue(1_000);
      const row = summary.series[0] as SummaryJson['series'][number];
      row.histograms.latency = hdr.encodeIntoCompressedBase64(coarse);
    });
    const error = await refusalOf([shard0, other], root);
    expect(error.issues.map((i) => i.field).sort()).toEqual(['histograms', 'planFingerprint']);
    expect(error.issues.find((i) => i.field === 'histograms')?.message).toMatch(/1 µs to 60000000 µs, 2 significant digits.*re-quantise/);
  });

  test('a missing shard, unless --allow-missing: then the result is partial and names it', async () => {
    const error = await refusalOf([shard1], root);
    expect(error.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^shard 0 of 2 not given \(--allow-missing/)]);
    const outDir = path.join(root, 'partial');
    const { summary } = await mergeShards({ inputs: [shard1], cwd: root, outDir, thresholds: [], allowMissing: true, argv: [], log: () => {} });
    expect(summary.partial).toBe(true);
    expect(summary.merge?.missing).toEqual([0]);
    expect(summary.warnings).toContainEqual(expect.stringMatching(/^partial: shard 0 of 2 missing/));
    expect(summary.series.find((s) => s.key === '*/*')?.count).toBe(summaryOf(shard1).series.find((s) => s.key === '*/*')?.count);
  });

  test('thresholds are judged on the merged result, not per shard', async () => {
    const outDir = path.join(root, 'judged');
    const { summary } = await mergeShards({ inputs: [shard0, shard1], cwd: root, outDir, thresholds: ['errors<1%', 'send.p99<10s'], allowMissing: false, argv: [], log: () => {} });
    expect(summary.thresholds.map((t) => [t.source, t.pass])).toEqual([
      ['errors<1%', false],
      ['send.p99<10s', true],
    ]);
  });
});
