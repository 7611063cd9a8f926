import { describe, expect, it } from 'vitest';
import { Exposition } from '../../src/export/exposition.js';
import { MockMetrics } from '../../src/export/mock-metrics.js';
import { RunMetricsExporter } from '../../src/export/run-metrics-exporter.js';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { emptyPlatformStats } from '../../src/platform/platform-stats.js';
import { emptyWebhookTally, shapeTallyOf } from '../../src/metrics/webhook-tally.js';
import { closedIntervalOf } from '../metrics/closed-interval-fixture.js';
import { samplesOf } from '../export/exposition-samples.js';
import { dashboardExpressions, GRAFANA_BUILTINS, readDashboard } from './grafana-dashboard.js';

const dashboard = readDashboard();
const viz = dashboard.panels.filter((p) => p.type !== 'row');

/** Every metric name a live run's /metrics can show: the run, the embedded mock's view, the process. */
async function exportedNames(): Promise<Set<string>> {
  const exporter = new RunMetricsExporter({
    runId: 'r',
    scenario: 's',
    seed: 1,
    toolVersion: '0',
    engine: 'live',
    shard: { index: 0, count: 1 },
  });
  const tally = emptyWebhookTally();
  shapeTallyOf(tally, 'general-chatbot').delayUs.recordValue(1_000);
  const delay = createHistogram();
  delay.recordValue(100);
  exporter.started(0);
  exporter.observeInterval(
    closedIntervalOf(0, 0, {
      'general-chatbot/send': {
        latencyUs: [1],
        counters: { count: 1, sent: 1, errors: 1, errorsByCode: { '130429': 1 }, conversationsStarted: 1 },
      },
    }),
    { webhooks: tally, eventLoopDelayUs: new Map([['coordinator', delay]]) },
  );
  const stats = { ...emptyPlatformStats(1), requests: { send: 1 }, errors: { '130429': 1 } };
  const mock = new MockMetrics(async () => stats, 1);
  const body = await new Exposition([exporter, mock], { processMetrics: { run_id: 'r', shard: '0' } }).text();
  return new Set(samplesOf(body).map((s) => s.name));
}

describe('the Grafana dashboard (deploy/grafana/chatload.json)', () => {
  it('matches the schema of the dashboard JSON parts it uses', () => {
    expect(dashboard.title).toBe('chatload');
    expect(viz.length).toBeGreaterThanOrEqual(20);
  });

  it('has unique panel ids and a layout that fits 24 columns without overlaps', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const panel of dashboard.panels) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let col = x; col < x + w; col++) {
        for (let row = y; row < y + h; row++) {
          expect(cells.has(`${col},${row}`), `${panel.title} overlaps at ${col},${row}`).toBe(false);
          cells.add(`${col},${row}`);
        }
      }
    }
  });

  it('uses only variables it defines (or Grafana built-ins)', () => {
    const defined = new Set([...dashboard.templating.list.map((v) => v.name), ...GRAFANA_BUILTINS]);
    for (const { where, expr } of dashboardExpressions(dashboard)) {
      for (const [, name] of expr.matchAll(/\$\{?(\w+)\}?/g))
        expect(defined.has(name!), `${where} uses $${name}`).toBe(true);
    }
  });

  it('queries only metrics chatload exports', async () => {
    const names = await exportedNames();
    const used = new Set(
      dashboardExpressions(dashboard).flatMap(({ expr }) =>
        [...expr.matchAll(/\b((?:chatload|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!),
      ),
    );
    expect(used.size).toBeGreaterThan(15);
    for (const name of used) expect(names.has(name), `${name} is not exported`).toBe(true);
  });

  it('covers the panels the issue asks for: rate, error share by code, latency quantiles, lateness, event-loop delay, in flight, queue, slots, webhooks', () => {
    const exprs = dashboardExpressions(dashboard)
      .map((e) => e.expr)
      .join('\n');
    for (const needle of [
      /rate\(chatload_operations_total/,
      /sum by \(code\) \(rate\(chatload_errors_total/,
      /histogram_quantile\(0\.99, sum by \(le, shape\) \(rate\(chatload_latency_seconds_bucket/,
      /chatload_lateness_seconds_bucket/,
      /nodejs_eventloop_lag_p99_seconds/,
      /chatload_operations_in_flight/,
      /chatload_mock_queue_depth/,
      /chatload_mock_slots_busy/,
      /rate\(chatload_webhook_updates_total/,
    ]) {
      expect(exprs).toMatch(needle);
    }
  });
});
