import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { checkSummary } from '../../src/report/read-result-dir.js';
import { renderRunReport } from '../../src/report/html-report.js';
import { buildSummary } from '../../src/report/summary-build.js';
import { renderSummaryTable } from '../../src/report/summary-table.js';
import { fixtureRunResult } from './helpers/run-result-fixture.js';

const MEANING = 'latency differences smaller than the event-loop delay p99 cannot be attributed to the platform';

function delay(valuesUs: readonly number[]) {
  const h = createHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return h;
}

/** 1,000 ticks per thread: 990 quick ones and 10 slow ones, so p99 is the quick value and max the slow. */
const ticks = (quickUs: number, slowUs: number) => [...Array(990).fill(quickUs), ...Array(10).fill(slowUs)];

function liveSummary() {
  const result = {
    ...fixtureRunResult(),
    eventLoopDelay: new Map([
      ['worker-0', delay(ticks(120, 4_000))],
      ['mock', delay(ticks(300, 9_000))],
      ['coordinator', delay(ticks(80, 2_000))],
    ]),
  };
  return buildSummary(result, []);
}

describe('the measurement floor in summary.json, the terminal summary and the report', () => {
  it('summary.json holds each thread’s delay (coordinator, mock, workers) and the highest p99; the schema accepts it', () => {
    const summary = liveSummary();
    const floor = summary.eventLoopDelay;
    expect(floor?.threads.map((t) => t.thread)).toEqual(['coordinator', 'mock', 'worker-0']);
    expect(floor?.threads.map((t) => t.delayUs.count)).toEqual([1_000, 1_000, 1_000]);
    expect(floor?.p99Us).toBe(300);
    expect(floor?.threads[1]?.delayUs.max).toBe(9_007); // the bucket's highest equivalent value
    expect(() => checkSummary(JSON.parse(JSON.stringify(summary)), 'summary.json')).not.toThrow();
  });

  it('a live summary without the floor (written before it existed) is still valid and shows none', () => {
    const summary = buildSummary(fixtureRunResult(), []);
    expect(summary.eventLoopDelay).toBeUndefined();
    expect(() => checkSummary(JSON.parse(JSON.stringify(summary)), 'summary.json')).not.toThrow();
    expect(renderSummaryTable(summary, { color: false })).not.toMatch(/event-loop delay/);
  });

  it('the terminal summary prints one line per thread under the table and the line that says what it means', () => {
    const text = renderSummaryTable(liveSummary(), { color: false });
    expect(text).toMatch(/^measurement floor: event-loop delay p50 \/ p99 \/ p99\.9 \/ max$/m);
    expect(text).toMatch(/^ {2}coordinator {2}80µs \/ 80µs \/ 2\.00ms \/ 2\.00ms$/m);
    expect(text).toMatch(/^ {2}mock {9}300µs \/ 300µs \/ 9\.01ms \/ 9\.01ms$/m);
    expect(text).toContain(`${MEANING} (highest p99 here: 300µs)`);
    expect(text.indexOf('measurement floor')).toBeLessThan(text.indexOf('webhooks'));
  });

  it('a sim says it has no event loop to measure, in the terminal and in the report', async () => {
    const sim = buildSummary({ ...fixtureRunResult(), engine: 'sim', target: null }, []);
    expect(sim.eventLoopDelay).toBeUndefined();
    expect(renderSummaryTable(sim, { color: false })).toMatch(/event-loop delay: none in a sim/);
    const { html } = await renderRunReport(sim, []);
    expect(html).toMatch(/Measurement floor<\/h2>\s*<p class="note">event-loop delay: none in a sim/);
  });

  it('the report shows the floor table beside the latency table, with the meaning', async () => {
    const { html } = await renderRunReport(liveSummary(), []);
    expect(html).toContain('<h2>Measurement floor</h2>');
    expect(html).toContain(MEANING);
    expect(html).toMatch(/<td class="l">worker-0<\/td><td>1000<\/td><td>120µs<\/td>/);
    expect(html.indexOf('<h2>Summary</h2>')).toBeLessThan(html.indexOf('<h2>Measurement floor</h2>'));
  });
});
