import { Value } from '@sinclair/typebox/value';
import { describe, expect, test } from 'vitest';
import { renderRunReport } from '../../src/report/html-report.js';
import { summarizeSeries } from '../../src/report/series-summary.js';
import { buildSummary } from '../../src/report/summary-build.js';
import { SummarySchema } from '../../src/report/summary-schema.js';
import { renderSummaryTable } from '../../src/report/summary-table.js';
import { timeBaseHtml } from '../../src/report/user-day-html.js';
import { compressedResultsLines } from '../../src/report/user-day-summary-render.js';
import { paintFor } from '../../src/report/terminal-paint.js';
import { TIME_COMPRESSED_MARK } from '../../src/traffic/time-base.js';
import { fixtureRunResult, fixtureScenario } from './helpers/run-result-fixture.js';

describe('time-compressed results are marked “time-compressed: no rate or peak claims”', () => {
  const summaryOf = (extraYaml: string) => {
    const result = fixtureRunResult({ scenario: fixtureScenario(extraYaml) });
    const series = summarizeSeries(result.series, result.elapsedUs);
    return buildSummary(result, [], series);
  };
  const compressed = summaryOf('clock:\n  dayIn: 1m\n');
  const realTime = summaryOf('');

  test('in summary.json (schema-valid, additive)', () => {
    expect(compressed.timeBase).toMatchObject({ compressed: true, mark: TIME_COMPRESSED_MARK, dayInSeconds: 60, hourPolicy: 'same-hour' });
    expect(realTime.timeBase).toMatchObject({ compressed: false, mark: null, dayInSeconds: 86_400 });
    expect(Value.Check(SummarySchema, JSON.parse(JSON.stringify(compressed)))).toBe(true);
  });

  test('in the terminal summary, with the hour policy', () => {
    const text = renderSummaryTable(compressed, { color: false });
    expect(text).toMatch(/^TIME-COMPRESSED \(a day in 60 s, arrivals ×1440, think times not\): time-compressed: no rate or peak claims from this result · hours: same hours for every shape: 10:00–/m);
    expect(renderSummaryTable(realTime, { color: false })).toMatch(/^time base: real time · hours: same hours for every shape: 10:00–10:00:03 of the scenario clock in UTC\+0$/m);
  });

  test('in report.html, as a banner', async () => {
    const { html } = await renderRunReport(compressed, []);
    expect(html).toContain('<div class="banner warn">TIME-COMPRESSED');
    expect(html).toContain(TIME_COMPRESSED_MARK);
    expect(timeBaseHtml(realTime)).toBe('<p class="note">Time base: real time · hours: same hours for every shape: 10:00–10:00:03 of the scenario clock in UTC+0.</p>');
  });

  test('in a comparison, naming the results that played a compressed day; nothing when none did', () => {
    const plain = paintFor(false);
    expect(compressedResultsLines([realTime, { ...compressed, runId: 'r-fast' }], plain)).toEqual([
      'TIME-COMPRESSED: r-fast played a compressed day (clock.dayIn): time-compressed: no rate or peak claims',
    ]);
    expect(compressedResultsLines([realTime, realTime], plain)).toEqual([]);
  });
});
