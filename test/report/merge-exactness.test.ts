import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import type { SeriesAggregate } from '../../src/metrics/run-aggregate.js';
import type { SeriesKey } from '../../src/metrics/series-key.js';
import { valueAtPercentileUs } from '../../src/metrics/hdr-settings.js';
import { summarizeSeries } from '../../src/report/series-summary.js';
import { aggregateOf } from './helpers/run-result-fixture.js';

const KEYS: readonly SeriesKey[] = [
  'customer-service/send',
  'general-chatbot/send',
  'customer-service/inbound',
  'general-chatbot/inbound',
];
const valuesUs = fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 0, maxLength: 300 });

describe('summary series are exact merges', () => {
  it('every aggregate row equals one histogram of all its values (property)', () => {
    fc.assert(
      fc.property(fc.tuple(valuesUs, valuesUs, valuesUs, valuesUs), (parts) => {
        const series = new Map<SeriesKey, SeriesAggregate>(
          KEYS.map((key, i) => [key, aggregateOf({ latencyUs: parts[i]! })]),
        );
        const rows = summarizeSeries(series, 1_000_000);
        const oracleOf = (values: readonly number[]) => {
          const h = createHistogram();
          for (const v of values) h.recordValue(v);
          return h;
        };
        const expectations: [string, number[]][] = [
          ['*/send', [...parts[0]!, ...parts[1]!]],
          ['customer-service/*', [...parts[0]!, ...parts[2]!]],
          ['*/*', parts.flat()],
        ];
        for (const [key, values] of expectations) {
          const row = rows.find((r) => r.key === key)!;
          const oracle = oracleOf(values);
          expect(row.latencyUs.count).toBe(values.length);
          for (const [field, percentile] of [
            ['p50', 50],
            ['p99', 99],
            ['p999', 99.9],
          ] as const) {
            expect(row.latencyUs[field]).toBe(
              values.length === 0 ? 0 : valueAtPercentileUs(oracle, percentile),
            );
          }
          // Max is read from the counts (the top of the max's bucket), as every reported figure.
          expect(row.latencyUs.max).toBe(values.length === 0 ? 0 : oracle.getValueAtPercentile(100));
          expect(row.latencyUs.max).toBeGreaterThanOrEqual(values.length === 0 ? 0 : oracle.maxValue);
        }
      }),
      { numRuns: 40, seed: 20_260_101 },
    );
  });
});
