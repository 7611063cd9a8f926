import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../src/report/summary-build.js';
import { renderSummaryTable } from '../../src/report/summary-table.js';
import { evaluateThresholds } from '../../src/report/thresholds.js';
import { summarizeSeries } from '../../src/report/series-summary.js';
import { fixtureRunResult } from './helpers/run-result-fixture.js';

function fixtureSummary(interrupted = false) {
  const result = fixtureRunResult({ interrupted });
  const series = summarizeSeries(result.series, result.elapsedUs);
  return buildSummary(result, evaluateThresholds(series, ['send.p99<250ms', 'errors<1%']), series);
}

const hasAnsi = (text: string): boolean => text.includes('\u001b[');

describe('renderSummaryTable', () => {
  it('prints one row per shape-operation, a total per shape and the all-shapes block', () => {
    const text = renderSummaryTable(fixtureSummary(), { color: false });
    const lines = text.split('\n');
    expect(lines.filter((l) => /^ {2}total\b/.test(l))).toHaveLength(3);
    expect(lines).toContain('customer-service');
    expect(lines).toContain('general-chatbot');
    expect(lines).toContain('all shapes');
    expect(text).toMatch(/^ {2}send +2,000 +667 +19 \(0\.95%\)/m);
    expect(text).toMatch(/top errors · send: 130429×15, http_503×4/);
    expect(hasAnsi(text)).toBe(false);
  });

  it('shows "-" for latencies of a series with no completions', () => {
    const text = renderSummaryTable(fixtureSummary(), { color: false });
    expect(text).toMatch(/^ {2}typing +0 +0\.00 +0 +- +- +- +- +-/m);
  });

  it('warns when the generator fell behind, naming the shape and by how much', () => {
    const text = renderSummaryTable(fixtureSummary(), { color: false });
    expect(text).toMatch(
      /WARNING: the load generator fell behind for general-chatbot: lateness p99 was 3\.00ms, 1\.00ms over the 2\.00ms warning level/,
    );
    expect(text).not.toMatch(/fell behind for customer-service/);
  });

  it('prints thresholds with ✓ and ✗ and by how much', () => {
    const text = renderSummaryTable(fixtureSummary(), { color: false });
    expect(text).toMatch(/THRESHOLDS: 1 of 2 failed/);
    expect(text).toMatch(/✗ send\.p99<250ms +send\.p99 was .+ over the 250ms limit/);
    expect(text).toMatch(/✓ errors<1% +errors was .+ under the 1% limit/);
  });

  it('says INTERRUPTED for partial results', () => {
    expect(renderSummaryTable(fixtureSummary(true), { color: false })).toMatch(
      /^INTERRUPTED: partial results/m,
    );
    expect(renderSummaryTable(fixtureSummary(false), { color: false })).not.toMatch(/INTERRUPTED/);
  });

  it('colours only when asked', () => {
    expect(hasAnsi(renderSummaryTable(fixtureSummary(), { color: true }))).toBe(true);
  });

  it('drops low-priority columns to fit a narrow width, keeping p99', () => {
    const wide = renderSummaryTable(fixtureSummary(), { color: false });
    const narrow = renderSummaryTable(fixtureSummary(), { color: false, width: 80 });
    const header = (text: string) => text.split('\n').find((l) => l.startsWith('operation'))!;
    expect(header(wide)).toContain('svc p90');
    expect(header(narrow)).not.toContain('svc p90');
    expect(header(narrow)).toContain('lat p99');
    const rows = narrow.split('\n').filter((l) => l.startsWith('  ') && !l.includes('top errors'));
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
  });
});
