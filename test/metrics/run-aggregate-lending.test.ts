import { describe, expect, it } from 'vitest';
import { EventLoopDelaySampler } from '../../src/metrics/event-loop-delay.js';
import { createHistogram, type Histogram, percentilesUsOf } from '../../src/metrics/hdr-settings.js';
import { IntervalRecorder } from '../../src/metrics/interval-recorder.js';
import { warmUpIntervalPath } from '../../src/metrics/interval-warm-up.js';
import { type ClosedInterval, RunAggregate } from '../../src/metrics/run-aggregate.js';

/** What a consumer reads from a closed interval during the call: figures, not the interval. */
function figuresOf(interval: ClosedInterval) {
  return {
    index: interval.index,
    series: [...interval.series].map(([key, s]) => [
      key,
      s.counters.count,
      s.counters.errors,
      s.latency.totalCount,
      percentilesUsOf(s.latency, [50, 100]),
    ]),
    delay: [...(interval.eventLoopDelay ?? [])].map(([thread, h]) => [
      thread,
      h.totalCount,
      percentilesUsOf(h, [100]),
    ]),
  };
}

function delay(valuesUs: readonly number[]): Histogram {
  const h = createHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return h;
}

/** Two workers' intervals 0–5, each worker recording different values every interval. */
function play(lend: boolean) {
  const seen: ReturnType<typeof figuresOf>[] = [];
  const lent: ClosedInterval[] = [];
  const aggregate = new RunAggregate(
    2,
    (interval) => {
      seen.push(figuresOf(interval));
      lent.push(interval);
    },
    { floorThreads: ['coordinator'], lendIntervals: lend },
  );
  const recorders = [new IntervalRecorder(0), new IntervalRecorder(1)];
  for (let index = 0; index < 6; index++) {
    recorders.forEach((recorder, worker) => {
      for (let n = 0; n <= index + worker; n++) {
        recorder.recordSent('general-chatbot/send', 10);
        recorder.recordCompleted(
          'general-chatbot/send',
          5,
          1_000 * (index + 1) + n,
          900,
          -1,
          10,
          n === 0 ? '130429' : undefined,
        );
      }
      if (index % 2 === 0)
        recorder.recordCompleted('customer-service/send', 5, 40_000 + index, 900, -1, 10, undefined);
      aggregate.add(recorder.takeSnapshot(index, 0), delay([100 * (index + 1) + worker]));
    });
    aggregate.addFloor(index, 'coordinator', delay([7_000 + index]));
  }
  return { seen, lent, totals: aggregate.totals };
}

describe('closed intervals lent to their consumer (the live coordinator)', () => {
  it('a consumer sees each interval exactly as when every interval has its own histograms', () => {
    const owned = play(false);
    const lent = play(true);
    expect(lent.seen).toEqual(owned.seen);
    expect([...lent.totals].map(([key, s]) => [key, s.counters.count, s.latency.totalCount])).toEqual(
      [...owned.totals].map(([key, s]) => [key, s.counters.count, s.latency.totalCount]),
    );
  });

  it('once the consumer returns, the histograms are emptied and hold the later intervals', () => {
    const { lent } = play(true);
    const first = lent[0]?.series.get('general-chatbot/send');
    expect(first?.latency.totalCount).toBe(0);
    const histograms = new Set(
      lent.flatMap((interval) => [...interval.series.values()].map((s) => s.latency)),
    );
    // Six intervals of up to two series share the histograms of the first two intervals' series.
    expect(histograms.size).toBeLessThanOrEqual(2);
    const delays = new Set(lent.flatMap((interval) => [...(interval.eventLoopDelay?.values() ?? [])]));
    expect(delays.size).toBe(3);
  });

  it('without lending, a kept interval keeps its figures', () => {
    const { lent, seen } = play(false);
    expect(lent.map(figuresOf)).toEqual(seen);
  });
});

describe('the warm-up before a live start', () => {
  it('plays made-up intervals through the snapshot, merge, hlog and stream code (any failure in them throws)', () => {
    expect(() => warmUpIntervalPath(3)).not.toThrow();
  });
});

describe('the event-loop sampler lends its histogram', () => {
  it('each take refills the same histogram: what a caller keeps must be copied', async () => {
    const sampler = new EventLoopDelaySampler();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const first = sampler.take();
    expect(first.totalCount).toBeGreaterThan(0);
    const second = sampler.take();
    sampler.close();
    expect(second).toBe(first);
    expect(second.totalCount).toBeLessThanOrEqual(1);
  });
});
