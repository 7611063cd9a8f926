import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTolerance } from '../../src/cli/baseline-check-options.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { decodeHistogram } from '../../src/metrics/hdr-settings.js';
import { buildComparison } from '../../src/report/compare-model.js';
import { loadCompareSource } from '../../src/report/compare-sources.js';
import type { ComparisonJson } from '../../src/report/compare-output.js';
import { writeResultFiles } from '../../src/report/write-result-dir.js';
import { DEFAULT_SPECS, fixtureRunResult, type SeriesSpec } from './helpers/run-result-fixture.js';
import { runCommandForTest } from './helpers/cli-harness.js';
import { assertWellFormedXml } from './helpers/xml-check.js';

let root = '';
const dir = (name: string) => join(root, name);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'chatload-compare-'));
  writeResultFiles(dir('base'), fixtureRunResult({ runId: 'base' }), []);
  writeResultFiles(dir('same'), fixtureRunResult({ runId: 'same' }), []);
  const slowSend: SeriesSpec = { ...DEFAULT_SPECS['general-chatbot/send']!, latencyUs: DEFAULT_SPECS['general-chatbot/send']!.latencyUs.map((v) => v * 2) };
  writeResultFiles(dir('slower'), fixtureRunResult({ runId: 'slower', specs: { ...DEFAULT_SPECS, 'general-chatbot/send': slowSend } }), []);
  const csOnly = { 'customer-service/inbound': DEFAULT_SPECS['customer-service/inbound']!, 'customer-service/send': DEFAULT_SPECS['customer-service/send']! };
  writeResultFiles(dir('cs-only'), fixtureRunResult({ runId: 'cs-only', specs: csOnly }), []);
  writeFileSync(dir('scenario.yaml'), 'name: x\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildComparison', () => {
  it('puts the shapes side by side with chatbot ÷ customer-service ratios', () => {
    const comparison = buildComparison([loadCompareSource(dir('base'))]);
    expect(comparison.columns.map((c) => c.label)).toEqual(['customer-service', 'general-chatbot']);
    expect(comparison.reference).toBe(0);
    const row = (metric: string) => comparison.rows.find((r) => r.metric === metric)!;
    expect(row('messages in (inbound)').values).toEqual([200, 900]);
    expect(row('messages in (inbound)').ratios[1]).toBe(4.5);
    expect(row('messages out (send+template+interactive)').values).toEqual([300, 2000]);
    expect(row('users').values).toEqual([500, 500]);
    expect(row('operations/s (peak interval)').values[1]).toBeGreaterThan(0);
    expect(row('typing').values).toEqual([0, 0]);
    expect(row('error share 130429').values[1]).toBeCloseTo(15 / 2900 * 100, 10);
  });

  it('takes percentiles from the merged histograms, never averages', () => {
    const source = loadCompareSource(dir('base'));
    const comparison = buildComparison([source]);
    const total = source.summary.series.find((s) => s.key === 'general-chatbot/*')!;
    const h = decodeHistogram(total.histograms.latency);
    const p99 = comparison.rows.find((r) => r.metric === 'all ops p99')!.values[1]!;
    expect(p99 * 1000).toBe(Math.min(h.getValueAtPercentile(99), h.maxValue));
  });

  it('labels columns with run ids when shapes repeat across runs, and billable/free only for single-shape runs', () => {
    const comparison = buildComparison([loadCompareSource(dir('cs-only')), loadCompareSource(dir('base'))]);
    expect(comparison.columns.map((c) => c.label)).toEqual(['cs-only:customer-service', 'base:customer-service', 'base:general-chatbot']);
    expect(comparison.rows.find((r) => r.metric === 'billable messages')!.values).toEqual([40, null, null]);
  });
});

describe('chatload compare', () => {
  it('prints the table and writes comparison.csv and comparison.json', async () => {
    const run = await runCommandForTest(compareCommand, ['compare', dir('base'), '--out', dir('out1')], root);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(/general-chatbot ÷ customer-service/);
    expect(run.stdout).toMatch(/messages in \(inbound\) +200 +900 +×4\.50/);
    const csv = readFileSync(join(dir('out1'), 'comparison.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('group,metric,unit,customer-service,general-chatbot,ratio general-chatbot ÷ customer-service');
    const json = JSON.parse(readFileSync(join(dir('out1'), 'comparison.json'), 'utf8')) as ComparisonJson;
    expect(json.schemaVersion).toBe(1);
    expect(json.rows.length).toBeGreaterThan(20);
  });

  it('passes against an identical baseline and writes passing JUnit testcases', async () => {
    const junit = join(root, 'junit-pass.xml');
    const run = await runCommandForTest(compareCommand, ['compare', dir('same'), '--baseline', dir('base'), '--junit', junit, '--out', dir('out2')], root);
    expect(run.code).toBe(EXIT.OK);
    const xml = readFileSync(junit, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toMatch(/failures="0"/);
    expect(xml).toContain('name="general-chatbot/send latency p99"');
  });

  it('exits 4 with a readable diff on a p99 regression, and JUnit carries the failure', async () => {
    const junit = join(root, 'junit-fail.xml');
    const run = await runCommandForTest(
      compareCommand,
      ['compare', dir('slower'), '--baseline', dir('base'), '--max-regression', '10%', '--junit', junit, '--out', dir('out3')],
      root,
    );
    expect(run.code).toBe(EXIT.REGRESSION);
    expect(run.stdout).toMatch(/✗ slower general-chatbot\/send latency p99: p99 .+ → .+ \(\+\d+\.\d%; limit .+\)/);
    expect(run.stderr).toMatch(/2 regressions beyond 10% against the baseline: slower general-chatbot\/send latency p99: p99 /);
    const xml = readFileSync(junit, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<testcase classname="chatload\.regression\.slower" name="general-chatbot\/send latency p99" time="0">\s*<failure/);
    const json = JSON.parse(readFileSync(join(dir('out3'), 'comparison.json'), 'utf8')) as ComparisonJson;
    expect(json.regressions![0]!.checks.some((c) => !c.pass)).toBe(true);
  });

  it('skips series with too few samples instead of calling noise a regression', async () => {
    const junit = join(root, 'junit-skip.xml');
    const run = await runCommandForTest(
      compareCommand,
      ['compare', dir('slower'), '--baseline', dir('base'), '--min-samples', '5000', '--junit', junit, '--out', dir('out6')],
      root,
    );
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(/0 of 0 checks passed, \d+ skipped \(series with fewer than 5000 completions\)/);
    const xml = readFileSync(junit, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<skipped message="skipped: 2000 samples, fewer than the 5000 needed"\/>/);
  });

  it('a wide tolerance lets the same slowdown pass', async () => {
    const run = await runCommandForTest(compareCommand, ['compare', dir('slower'), '--baseline', dir('base'), '--max-regression', '150%', '--out', dir('out4')], root);
    expect(run.code).toBe(EXIT.OK);
  });

  it('accepts summary.json files', async () => {
    const run = await runCommandForTest(compareCommand, ['compare', join(dir('base'), 'summary.json'), '--out', dir('out5')], root);
    expect(run.code).toBe(EXIT.OK);
  });

  it('validates a scenario argument before running anything, naming the file and field (exit 2)', async () => {
    const run = await runCommandForTest(compareCommand, ['compare', dir('scenario.yaml')], root);
    expect(run.code).toBe(EXIT.BAD_INPUT);
    expect(run.stderr).toMatch(/scenario .*scenario\.yaml is invalid/);
  });

  it('rejects a missing directory and a bad tolerance (exit 2)', async () => {
    expect((await runCommandForTest(compareCommand, ['compare', dir('nope')], root)).code).toBe(EXIT.BAD_INPUT);
    expect((await runCommandForTest(compareCommand, ['compare', dir('base'), '--max-regression', 'lots'], root)).code).toBe(EXIT.BAD_INPUT);
    expect(parseTolerance('10%')).toBe(0.1);
    expect(parseTolerance('2.5')).toBe(0.025);
  });
});
