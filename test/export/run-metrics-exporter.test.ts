import { describe, expect, it } from 'vitest';
import { Exposition } from '../../src/export/exposition.js';
import { gaugeFamily, prometheusText } from '../../src/export/metric-families.js';
import { LATENCY_BOUNDS_US, LATENESS_BOUNDS_US } from '../../src/export/run-metric-catalogue.js';
import { type RunIdentity, RunMetricsExporter } from '../../src/export/run-metrics-exporter.js';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { IntervalRecorder } from '../../src/metrics/interval-recorder.js';
import { type ClosedInterval, RunAggregate } from '../../src/metrics/run-aggregate.js';
import { countPricingOf, emptyWebhookTally, shapeTallyOf } from '../../src/metrics/webhook-tally.js';
import { closedIntervalOf } from '../metrics/closed-interval-fixture.js';
import { samplesOf, sumOf } from './exposition-samples.js';

const IDENTITY: RunIdentity = {
  runId: 'run-1',
  scenario: 'smoke',
  seed: 7,
  toolVersion: '0.1.0',
  engine: 'live',
  shard: { index: 2, count: 4 },
};

async function scrape(exporter: RunMetricsExporter) {
  const body = await new Exposition([exporter]).text();
  return { text: body, samples: samplesOf(body) };
}

/** Two workers, three intervals, through the real recorder and aggregate: closed intervals and run totals. */
function recordedRun() {
  const workers = [new IntervalRecorder(0), new IntervalRecorder(1)];
  const closed: ClosedInterval[] = [];
  const aggregate = new RunAggregate(2, (interval) => closed.push(interval));
  for (let interval = 0; interval < 3; interval++) {
    workers.forEach((recorder, w) => {
      for (let i = 1; i <= 50; i++) {
        const key = i % 3 === 0 ? 'general-chatbot/send' : 'customer-service/inbound';
        recorder.recordSent(key, 120, i === 1);
        recorder.recordCompleted(key, 40 * i, 900 * i + w, 600 * i, 500 * i, 70, i % 10 === 0 ? (w === 0 ? '130429' : 'timeout') : undefined);
      }
      aggregate.add(recorder.takeSnapshot(interval, interval + w));
    });
  }
  return { closed, totals: aggregate.totals };
}

describe('run metrics exporter', () => {
  it('its counters equal the run totals once every closed interval is fed', async () => {
    const { closed, totals } = recordedRun();
    const exporter = new RunMetricsExporter(IDENTITY);
    for (const interval of closed) exporter.observeInterval(interval);
    expect(exporter.differencesFrom(totals)).toEqual([]);
    const { samples } = await scrape(exporter);
    for (const [key, total] of totals) {
      const [shape, op] = key.split('/') as [string, string];
      const where = { shape, op };
      expect(sumOf(samples, 'chatload_operations_total', where)).toBe(total.counters.count);
      expect(sumOf(samples, 'chatload_operations_total', { ...where, outcome: 'error' })).toBe(total.counters.errors);
      expect(sumOf(samples, 'chatload_operations_sent_total', where)).toBe(total.counters.sent);
      expect(sumOf(samples, 'chatload_sent_bytes_total', where)).toBe(total.counters.bytesSent);
      expect(sumOf(samples, 'chatload_received_bytes_total', where)).toBe(total.counters.bytesReceived);
      for (const [code, n] of Object.entries(total.counters.errorsByCode)) expect(sumOf(samples, 'chatload_errors_total', { ...where, code })).toBe(n);
      expect(sumOf(samples, 'chatload_latency_seconds_count', where)).toBe(total.latency.totalCount);
      expect(sumOf(samples, 'chatload_latency_seconds_bucket', { ...where, le: '+Inf' })).toBe(total.latency.totalCount);
    }
    // Conversations: each worker started one per interval on its first operation (customer-service/inbound).
    expect(sumOf(samples, 'chatload_conversations_started_total', { shape: 'customer-service' })).toBe(6);
    // In flight is the last interval's: 2 + 3.
    expect(sumOf(samples, 'chatload_operations_in_flight')).toBe(5);
  });

  it('says when an interval was missed', () => {
    const { closed, totals } = recordedRun();
    const exporter = new RunMetricsExporter(IDENTITY);
    for (const interval of closed.slice(1)) exporter.observeInterval(interval);
    expect(exporter.differencesFrom(totals).join('\n')).toMatch(/customer-service\/inbound count: exported \d+, run total \d+/);
  });

  it('turns HDR interval histograms into classic buckets: cumulative, in seconds, with sum and count', async () => {
    const exporter = new RunMetricsExporter(IDENTITY);
    const latencyUs = [500, 1_500, 20_000, 300_000, 40_000_000];
    exporter.observeInterval(closedIntervalOf(0, 0, { 'general-chatbot/send': { latencyUs: latencyUs.slice(0, 2), counters: { count: 2, sent: 2 } } }));
    exporter.observeInterval(closedIntervalOf(1, 0, { 'general-chatbot/send': { latencyUs: latencyUs.slice(2), counters: { count: 3, sent: 3 } } }));
    const { samples } = await scrape(exporter);
    const bucket = (le: string) => sumOf(samples, 'chatload_latency_seconds_bucket', { op: 'send', le });
    expect([bucket('0.001'), bucket('0.0025'), bucket('0.02'), bucket('0.25'), bucket('0.5'), bucket('30'), bucket('+Inf')]).toEqual([1, 2, 3, 3, 4, 4, 5]);
    expect(sumOf(samples, 'chatload_latency_seconds_count')).toBe(5);
    // The sum takes each HDR sub-bucket's middle value: within the histograms' 0.1 % precision.
    const trueSumSeconds = latencyUs.reduce((a, b) => a + b, 0) / 1e6;
    expect(Math.abs(sumOf(samples, 'chatload_latency_seconds_sum') - trueSumSeconds)).toBeLessThan(trueSumSeconds * 0.001);
    const les = samples.filter((s) => s.name === 'chatload_latency_seconds_bucket').map((s) => s.labels.le);
    expect(les).toEqual([...LATENCY_BOUNDS_US.map((us) => String(us / 1e6)), '+Inf']);
  });

  it('labels every sample with run_id and shard, and describes the run once', async () => {
    const exporter = new RunMetricsExporter(IDENTITY);
    exporter.started(1_795_601_700_000);
    exporter.observeInterval(closedIntervalOf(0, 1, { 'customer-service/read': { latencyUs: [40], counters: { count: 1, sent: 1 } } }));
    const { samples, text } = await scrape(exporter);
    for (const sample of samples) expect(sample.labels).toMatchObject({ run_id: 'run-1', shard: '2' });
    expect(samples.find((s) => s.name === 'chatload_run_info')?.labels).toMatchObject({ scenario: 'smoke', seed: '7', engine: 'live', shard_count: '4' });
    expect(sumOf(samples, 'chatload_run_start_time_seconds')).toBe(1_795_601_700);
    expect(text).toMatch(/# HELP chatload_latency_seconds Latency measured from the intended send time/);
    expect(text).toMatch(/# TYPE chatload_latency_seconds histogram/);
    expect(text).toMatch(/# TYPE chatload_operations_total counter/);
  });

  it('shows chatload_run_finished 0 during the run and 1 after it', async () => {
    const exporter = new RunMetricsExporter(IDENTITY);
    expect(sumOf((await scrape(exporter)).samples, 'chatload_run_finished')).toBe(0);
    exporter.finish();
    expect(sumOf((await scrape(exporter)).samples, 'chatload_run_finished')).toBe(1);
  });

  it('reads the webhook tally as it stands at each interval, delay as a histogram', async () => {
    const tally = emptyWebhookTally();
    const exporter = new RunMetricsExporter(IDENTITY);
    const chatbot = shapeTallyOf(tally, 'general-chatbot');
    chatbot.messages = 3;
    chatbot.statuses.sent = 2;
    chatbot.delayUs.recordValue(15_000);
    countPricingOf(chatbot, 'service', false, 'free_customer_service');
    tally.posts = 4;
    tally.bytes = 1_234;
    exporter.observeInterval(closedIntervalOf(0, 0, {}), { webhooks: tally });
    chatbot.statuses.delivered = 5; // after the interval: not seen until the next read
    let { samples } = await scrape(exporter);
    expect(sumOf(samples, 'chatload_webhook_updates_total', { shape: 'general-chatbot' })).toBe(5);
    expect(sumOf(samples, 'chatload_webhook_updates_total', { kind: 'message' })).toBe(3);
    expect(sumOf(samples, 'chatload_webhook_posts_total')).toBe(4);
    expect(sumOf(samples, 'chatload_webhook_received_bytes_total')).toBe(1_234);
    expect(sumOf(samples, 'chatload_webhook_delay_seconds_bucket', { le: '0.02' })).toBe(1);
    exporter.readWebhooks(tally);
    ({ samples } = await scrape(exporter));
    expect(sumOf(samples, 'chatload_webhook_updates_total', { kind: 'delivered' })).toBe(5);
  });

  it('exports event-loop delay per thread when it is given', async () => {
    const exporter = new RunMetricsExporter(IDENTITY);
    exporter.observeInterval(closedIntervalOf(0, 0, {}));
    expect((await scrape(exporter)).text).not.toMatch(/chatload_event_loop_delay_seconds/);
    const delay = createHistogram();
    delay.recordValue(80);
    delay.recordValue(3_000);
    exporter.observeInterval(closedIntervalOf(1, 0, {}), { eventLoopDelayUs: new Map([['coordinator', delay]]) });
    const { samples } = await scrape(exporter);
    expect(sumOf(samples, 'chatload_event_loop_delay_seconds_bucket', { thread: 'coordinator', le: '0.0001' })).toBe(1);
    expect(sumOf(samples, 'chatload_event_loop_delay_seconds_bucket', { thread: 'coordinator', le: '0.005' })).toBe(2);
    expect(samples.filter((s) => s.name === 'chatload_event_loop_delay_seconds_bucket')).toHaveLength(LATENESS_BOUNDS_US.length + 1);
  });

  it('adds the process metrics (CPU, event-loop delay of the main thread) with the same labels when asked', async () => {
    const exporter = new RunMetricsExporter(IDENTITY);
    const body = await new Exposition([exporter], { processMetrics: { run_id: 'run-1', shard: '2' } }).text();
    expect(body).toMatch(/^process_cpu_seconds_total\{run_id="run-1",shard="2"\} /m);
    expect(body).toMatch(/^nodejs_eventloop_lag_p99_seconds\{run_id="run-1",shard="2"\} /m);
  });
});

describe('Prometheus text format', () => {
  it('escapes label values and HELP, and writes special values as Prometheus spells them', () => {
    const text = prometheusText([
      gaugeFamily('t_value', 'Help with \\ and\nnewline.', [
        [{ a: 'quote " backslash \\ newline \n end' }, Number.NaN],
        [{ a: 'plain' }, Number.POSITIVE_INFINITY],
      ]),
      gaugeFamily('t_empty', 'Never shown.', []),
    ]);
    expect(text).toBe(
      '# HELP t_value Help with \\\\ and\\nnewline.\n# TYPE t_value gauge\n' +
        't_value{a="quote \\" backslash \\\\ newline \\n end"} NaN\n' +
        't_value{a="plain"} +Inf\n',
    );
  });
});
