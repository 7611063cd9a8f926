import { describe, expect, test } from 'vitest';
import { summarizeSeries } from '../../src/report/series-summary.js';
import { buildSummary } from '../../src/report/summary-build.js';
import { loadPerUserDayLines } from '../../src/report/user-day-summary-render.js';
import { fixtureRunResult } from './helpers/run-result-fixture.js';

const plain = { bold: (s: string) => s, dim: (s: string) => s, yellow: (s: string) => s, red: (s: string) => s, green: (s: string) => s };

describe('load per user-day in the terminal', () => {
  const result = fixtureRunResult();
  const summary = buildSummary(result, [], summarizeSeries(result.series, result.elapsedUs));

  test('one heading row per shape (enrolled users, activity share), its metrics indented under it', () => {
    const lines = loadPerUserDayLines(summary, plain);
    expect(lines.some((l) => /^ {2}customer-service \(500 enrolled, 0\.7 % active a day\)/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}general-chatbot \(500 enrolled, 8 % active a day\)/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {4}messages in\b/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('load multiplier per user-day, general-chatbot ÷ customer-service'))).toBe(true);
  });

  test('at 80 columns the tables drop low-priority columns and the basis wraps: no line is wider', () => {
    const narrow = loadPerUserDayLines(summary, plain, 80).filter((l) => !l.startsWith('load '));
    for (const line of narrow) expect(line.length, line).toBeLessThanOrEqual(80);
    const wide = loadPerUserDayLines(summary, plain);
    const header = (lines: readonly string[]) => lines.find((l) => l.trimStart().startsWith('metric')) ?? '';
    expect(header(wide)).toContain('expected');
    expect(header(narrow)).not.toContain('expected');
    const basisLines = (lines: readonly string[]) => lines.slice(lines.findIndex((l) => l.startsWith('  basis: ')));
    expect(basisLines(wide)).toHaveLength(1);
    expect(basisLines(narrow).length).toBeGreaterThan(1);
    expect(basisLines(narrow).join(' ').replace(/ {2,}/g, ' ')).toBe(basisLines(wide)[0]!.replace(/ {2,}/g, ' '));
  });
});
