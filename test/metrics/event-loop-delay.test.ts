import { describe, expect, it } from 'vitest';
import {
  compareLoopThreads,
  DELAY_PERCENTILE_GRID,
  type DelayDistributionNs,
  delayHistogramOf,
  EventLoopDelaySampler,
  eventLoopTag,
  loopThreadOfTag,
} from '../../src/metrics/event-loop-delay.js';
import { createHistogram, encodeHistogram } from '../../src/metrics/hdr-settings.js';
import { IntervalLogWriter, readIntervalLog } from '../../src/metrics/interval-log.js';
import { IntervalRecorder } from '../../src/metrics/interval-recorder.js';
import { type ClosedInterval, RunAggregate } from '../../src/metrics/run-aggregate.js';
import { steadyState } from '../../src/cli/capacity-steady-state.js';

/** Tick gaps (ns) with the percentile Node's histogram answers: the (p·n rounded half up)-th smallest. */
function exactGaps(gapsNs: readonly number[]): DelayDistributionNs {
  const sorted = [...gapsNs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? 0,
    percentile: (p) => sorted[Math.max(1, Math.floor((p / 100) * sorted.length + 0.5)) - 1] ?? 0,
  };
}

const MS_NS = 1_000_000;

describe('event-loop delay re-recorded into the house histogram', () => {
  // 10,000 ticks: most 1.05 ms apart, a tail up to 41 ms (a loop blocked now and then).
  const gapsNs = Array.from({ length: 10_000 }, (_, i) =>
    i % 100 === 0 ? MS_NS + (i / 100) * 400_000 : MS_NS + 50_000 + (i % 7) * 3_000,
  );
  const histogram = delayHistogramOf(exactGaps(gapsNs));

  it('keeps every tick, and the delay is the gap minus the 1 ms period (µs)', () => {
    expect(histogram.totalCount).toBe(10_000);
    expect(histogram.getValueAtPercentile(50)).toBeCloseTo(59, -1);
  });

  it('gives the same p50, p90, p99, p99.9 and max as the exact distribution, to HDR precision', () => {
    const exact = exactGaps(gapsNs);
    for (const p of [50, 90, 99, 99.9, 100]) {
      const expectedUs = (exact.percentile(p) - MS_NS) / 1_000;
      expect(Math.abs(histogram.getValueAtPercentile(p) - expectedUs), `p${p}`).toBeLessThanOrEqual(
        Math.max(1, expectedUs * 0.001),
      );
    }
  });

  it('reads p50, p90, p99 and p99.9 off the grid, not between its points', () => {
    for (const p of [50, 90, 99, 99.9, 100]) expect(DELAY_PERCENTILE_GRID).toContain(p);
    expect([...DELAY_PERCENTILE_GRID]).toEqual([...DELAY_PERCENTILE_GRID].sort((a, b) => a - b));
  });

  it('counts a gap shorter than the period as the smallest delay, and an empty monitor as nothing', () => {
    const short = delayHistogramOf(exactGaps([900_000, 1_000_000]));
    expect(short.totalCount).toBe(2);
    expect(short.getValueAtPercentile(100)).toBe(1);
    expect(delayHistogramOf({ count: 0, min: 0, percentile: () => 0 }).totalCount).toBe(0);
  });

  it('a real monitor sees a loop blocked for 30 ms', async () => {
    const sampler = new EventLoopDelaySampler();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const until = Date.now() + 30;
    while (Date.now() < until) {
      // blocked: no timer of this thread can run
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const taken = sampler.take();
    sampler.close();
    expect(taken.totalCount).toBeGreaterThan(0);
    expect(taken.getValueAtPercentile(100)).toBeGreaterThanOrEqual(28_000);
  });
});

describe('event-loop delay tags and threads', () => {
  it('tags are eventloop:<thread>, read back to the thread, and never a <shape>/<op>/<measure> tag', () => {
    for (const thread of ['coordinator', 'mock', 'worker-0', 'worker-12']) {
      expect(eventLoopTag(thread)).toBe(`eventloop:${thread}`);
      expect(eventLoopTag(thread)).not.toContain('/');
      expect(loopThreadOfTag(eventLoopTag(thread))).toBe(thread);
    }
    expect(loopThreadOfTag('general-chatbot/send/latency')).toBeUndefined();
    expect(loopThreadOfTag('eventloop:')).toBeUndefined();
  });

  it('orders the coordinator, the mock, then workers by index', () => {
    expect(['worker-10', 'mock', 'worker-2', 'coordinator'].sort(compareLoopThreads)).toEqual([
      'coordinator',
      'mock',
      'worker-2',
      'worker-10',
    ]);
  });
});

function delay(valuesUs: readonly number[]) {
  const h = createHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return h;
}

describe('the run aggregate and the interval log carry each thread’s delay', () => {
  it('an interval closes only once every floor thread reported it; workers’ delay comes with their snapshots', () => {
    const closed: ClosedInterval[] = [];
    const aggregate = new RunAggregate(1, (interval) => closed.push(interval), { floorThreads: ['coordinator', 'mock'] });
    aggregate.add(new IntervalRecorder(0).takeSnapshot(0, 0), delay([50, 60]));
    aggregate.addFloor(0, 'coordinator', delay([70]));
    expect(closed).toHaveLength(0);
    aggregate.addFloor(0, 'mock', delay([2_000]));
    expect(closed).toHaveLength(1);
    expect([...(closed[0]?.eventLoopDelay?.keys() ?? [])].sort()).toEqual(['coordinator', 'mock', 'worker-0']);
    // A retired floor thread no longer holds intervals back.
    aggregate.retireFloor('mock');
    aggregate.add(new IntervalRecorder(0).takeSnapshot(1, 0), delay([40]));
    aggregate.addFloor(1, 'coordinator', delay([80]));
    expect(closed.map((c) => c.index)).toEqual([0, 1]);
    expect(aggregate.eventLoopDelayTotals.get('worker-0')?.totalCount).toBe(3);
    expect(aggregate.eventLoopDelayTotals.get('mock')?.getValueAtPercentile(100)).toBe(2_000);
  });

  it('the hlog writes eventloop:<thread> lines after the series; capacity steady state ignores them', () => {
    const recorder = new IntervalRecorder(0);
    recorder.recordSent('general-chatbot/send', 10);
    recorder.recordCompleted('general-chatbot/send', 3, 1_234, 1_000, -1, 10, undefined);
    const intervals: ClosedInterval[] = [];
    const aggregate = new RunAggregate(1, (interval) => intervals.push(interval), { floorThreads: ['coordinator'] });
    aggregate.add(recorder.takeSnapshot(0, 0), delay([90, 95]));
    aggregate.addFloor(0, 'coordinator', delay([3_000]));
    let text = '';
    const writer = new IntervalLogWriter((chunk) => (text += chunk), Date.UTC(2026, 10, 25), 1_000_000);
    for (const interval of intervals) writer.write(interval);
    const read = readIntervalLog(text);
    expect(read.map((r) => r.tag)).toEqual([
      'general-chatbot/send/latency',
      'general-chatbot/send/service',
      'general-chatbot/send/lateness',
      'eventloop:coordinator',
      'eventloop:worker-0',
    ]);
    expect(encodeHistogram(read[3]!.histogram)).toBe(encodeHistogram(delay([3_000])));
    const steady = steadyState(
      read,
      { series: new Map(), intervals: [], intervalUs: 1_000_000, elapsedUs: 1_000_000 },
      0,
    );
    expect([...steady.series.keys()]).toEqual(['general-chatbot/send']);
  });
});
