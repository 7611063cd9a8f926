import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/commands/report.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { buildComparison } from '../../src/report/compare-model.js';
import { loadCompareSource } from '../../src/report/compare-sources.js';
import { renderComparisonReport, writeHtmlReport } from '../../src/report/html-report.js';
import { latencyCurvePoints } from '../../src/report/plots/latency-percentile-plot.js';
import { writeResultFiles } from '../../src/report/write-result-dir.js';
import { runCommandForTest } from './helpers/cli-harness.js';
import { fixtureRunResult, writeFixtureHlog } from './helpers/run-result-fixture.js';

const RUN_PLOTS = [
  'latency-by-percentile.svg',
  'load-multiplier.svg',
  'operations-per-second.svg',
  'p99-over-time.svg',
];
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatload-html-'));
  const result = fixtureRunResult({ interrupted: true });
  writeFixtureHlog(dir, result);
  writeResultFiles(dir, result);
  await writeHtmlReport(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** References that would make the page fetch something: src/href to http(s), CSS url(http…), @import. */
const EXTERNAL_REFERENCE =
  /(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(\s*["']?\s*(?:https?:)?\/\/|@import/i;

describe('report.html', () => {
  it('writes one SVG file per plot and inlines one <svg> per plot', () => {
    expect(readdirSync(join(dir, 'plots')).sort()).toEqual(RUN_PLOTS);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg[\s>]/g)).toHaveLength(RUN_PLOTS.length);
    expect(html.match(/<figure data-plot=/g)).toHaveLength(RUN_PLOTS.length);
    for (const file of RUN_PLOTS)
      expect(readFileSync(join(dir, 'plots', file), 'utf8')).toMatch(
        /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
  });

  it('is self-contained: no script, no external resource, no http(s) URL at all', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(EXTERNAL_REFERENCE);
    expect(html).not.toMatch(/<script|<link/i);
    expect(html.replace('http://127.0.0.1:0', '')).not.toMatch(/https?:\/\//);
  });

  it('shows the interrupted banner, the lateness warning, thresholds and the summary table', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('INTERRUPTED: partial results');
    expect(html).toMatch(/the load generator fell behind for general-chatbot/);
    expect(html).toMatch(/<code>send\.p99&lt;250ms<\/code>/);
    expect(html).toMatch(/<td class="l">send<\/td><td>2,000<\/td>/);
  });

  it('puts percentiles on HdrHistogram axis ticks 0%, 90%, 99%, 99.9%', () => {
    const svg = readFileSync(join(dir, 'plots', 'latency-by-percentile.svg'), 'utf8');
    for (const tick of ['0%', '90%', '99%', '99.9%']) expect(svg).toContain(`>${tick}</text>`);
  });

  it('curve points follow 1/(1−p) and stop at what the sample count supports', () => {
    const source = loadCompareSource(dir);
    const send = source.summary.series.find((s) => s.key === 'customer-service/send')!;
    const points = latencyCurvePoints([{ op: 'send', group: 'cs', histogram: send.histograms.latency }]);
    expect(points[0]!.inverseTail).toBe(1);
    expect(points.at(-1)!.inverseTail).toBeLessThanOrEqual(300);
    expect(points.find((p) => p.inverseTail === 100)!.latencyMs * 1000).toBe(send.latencyUs.p99);
  });

  it('renders a comparison page with the multiplier chart', async () => {
    const source = loadCompareSource(dir);
    const rendered = await renderComparisonReport(buildComparison([source]), [source]);
    expect(Object.keys(rendered.svgs).sort()).toEqual(['latency-by-percentile.svg', 'load-multiplier.svg']);
    expect(rendered.html.match(/<svg[\s>]/g)).toHaveLength(2);
    expect(rendered.html).not.toMatch(EXTERNAL_REFERENCE);
  });

  it('chatload report <dir> remakes the page; a directory without summary.json exits 2', async () => {
    rmSync(join(dir, 'report.html'));
    const ok = await runCommandForTest(reportCommand, ['report', dir], dir);
    expect(ok.code).toBe(EXIT.OK);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<!DOCTYPE html>');
    const bad = await runCommandForTest(reportCommand, ['report', join(dir, 'plots')], dir);
    expect(bad.code).toBe(EXIT.BAD_INPUT);
    expect(bad.stderr).toMatch(/summary\.json: file is missing/);
  });
});
