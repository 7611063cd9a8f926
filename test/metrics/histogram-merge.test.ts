import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram, decodeHistogram, encodeHistogram } from '../../src/metrics/hdr-settings.js';
import { mergeHistograms, readIntervalLog, IntervalLogWriter } from '../../src/metrics/interval-log.js';
import { IntervalRecorder } from '../../src/metrics/interval-recorder.js';
import { type ClosedInterval, RunAggregate } from '../../src/metrics/run-aggregate.js';

const PERCENTILES = [0, 50, 90, 99, 99.9, 100];

function histogramOf(values: number[]) {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  return h;
}

describe('histogram merge', () => {
  it('the merge of encoded worker histograms equals one histogram of all values (exactly, every percentile)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 3_600_000_000 }), { maxLength: 200 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (parts) => {
          const merged = mergeHistograms(
            parts.map((part) => decodeHistogram(encodeHistogram(histogramOf(part)))),
          );
          const whole = histogramOf(parts.flat());
          expect(merged.totalCount).toBe(whole.totalCount);
          for (const p of PERCENTILES)
            expect(merged.getValueAtPercentile(p)).toBe(whole.getValueAtPercentile(p));
        },
      ),
      { numRuns: 60, seed: 20261125 },
    );
  });

  it('averaging per-worker p99s is wrong where the merge is right', () => {
    const fast = Array.from({ length: 990 }, () => 1_000); // one worker: 990 answers at 1 ms
    const slow = Array.from({ length: 10 }, () => 1_000_000); // another: 10 answers at 1 s
    const merged = mergeHistograms([histogramOf(fast), histogramOf(slow)]);
    const averaged =
      (histogramOf(fast).getValueAtPercentile(99) + histogramOf(slow).getValueAtPercentile(99)) / 2;
    expect(merged.getValueAtPercentile(99)).toBeLessThan(1_001); // 1 % of 1,000 values are slow: p99 is still fast
    expect(averaged).toBeGreaterThan(500_000); // the average claims half a second
  });
});

describe('interval recorder and run aggregate', () => {
  it("workers' interval snapshots add up to totals equal to recording everything in one place", () => {
    const workers = [new IntervalRecorder(0), new IntervalRecorder(1)];
    const all = createHistogram();
    const closed: ClosedInterval[] = [];
    const aggregate = new RunAggregate(2, (interval) => closed.push(interval));
    for (let interval = 0; interval < 3; interval++) {
      workers.forEach((recorder, w) => {
        for (let i = 1; i <= 100; i++) {
          const latencyUs = (interval + 1) * 1000 * i + w;
          recorder.recordSent('customer-service/send', 100);
          recorder.recordCompleted(
            'customer-service/send',
            5,
            latencyUs,
            latencyUs / 2,
            latencyUs / 3,
            50,
            i % 10 === 0 ? '130429' : undefined,
          );
          all.recordValue(latencyUs);
        }
      });
      // Worker 1 reports first: the interval closes only when both have.
      aggregate.add(workers[1]!.takeSnapshot(interval, 0));
      expect(closed).toHaveLength(interval);
      aggregate.add(workers[0]!.takeSnapshot(interval, 3));
      expect(closed).toHaveLength(interval + 1);
    }
    const totals = aggregate.totals.get('customer-service/send')!;
    expect(totals.counters).toMatchObject({
      count: 600,
      sent: 600,
      errors: 60,
      errorsByCode: { '130429': 60 },
      bytesSent: 60_000,
      bytesReceived: 30_000,
    });
    for (const p of PERCENTILES)
      expect(totals.latency.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));
    expect(closed.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(closed[0]!.inFlight).toBe(3);
  });

  it('a retired worker no longer holds back later intervals', () => {
    const closed: number[] = [];
    const aggregate = new RunAggregate(2, (interval) => closed.push(interval.index));
    aggregate.add(new IntervalRecorder(0).takeSnapshot(0, 0));
    aggregate.retire(1);
    expect(closed).toEqual([0]);
    aggregate.add(new IntervalRecorder(0).takeSnapshot(1, 0));
    expect(closed).toEqual([0, 1]);
  });

  it('the interval log reads back the same histograms, tagged per series and measure', () => {
    const recorder = new IntervalRecorder(0);
    const intervals: ClosedInterval[] = [];
    const aggregate = new RunAggregate(1, (interval) => intervals.push(interval));
    recorder.recordCompleted('general-chatbot/inbound', 3, 1234, 1000, 800, 10, undefined);
    aggregate.add(recorder.takeSnapshot(0, 0));
    recorder.recordCompleted('general-chatbot/inbound', 3, 99_999, 50, 40, 10, undefined);
    aggregate.add(recorder.takeSnapshot(1, 0));
    let text = '';
    const writer = new IntervalLogWriter(
      (chunk) => (text += chunk),
      Date.UTC(2026, 10, 25),
      1_000_000,
      'test',
    );
    for (const interval of intervals) writer.write(interval);
    const read = readIntervalLog(text);
    expect(read.map((r) => [r.tag, r.startSeconds, r.endSeconds])).toEqual([
      ['general-chatbot/inbound/latency', 0, 1],
      ['general-chatbot/inbound/service', 0, 1],
      ['general-chatbot/inbound/lateness', 0, 1],
      ['general-chatbot/inbound/platform', 0, 1],
      ['general-chatbot/inbound/latency', 1, 2],
      ['general-chatbot/inbound/service', 1, 2],
      ['general-chatbot/inbound/lateness', 1, 2],
      ['general-chatbot/inbound/platform', 1, 2],
    ]);
    // StartTime and BaseTime are the plan's t = 0 as an absolute epoch, written without the host's time zone.
    expect(text).toMatch(
      /^#\[StartTime: 1795564800\.000 \(seconds since epoch\), 2026-11-25T00:00:00\.000Z\]$/m,
    );
    expect(text).toMatch(/^#\[BaseTime: 1795564800\.000 \(seconds since epoch\)\]$/m);
    expect(read[4]!.histogram.getValueAtPercentile(100)).toBe(
      intervals[1]!.series.get('general-chatbot/inbound')!.latency.getValueAtPercentile(100),
    );
    expect(text).toMatch(/^#\[Histogram log format version 1\.3\]$/m);
  });
});
