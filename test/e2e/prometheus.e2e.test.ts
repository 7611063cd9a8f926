import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dashboardExpressions, readDashboard, substitute } from '../deploy/grafana-dashboard.js';
import { samplesOf, sumOf } from '../export/exposition-samples.js';
import { niceOf, runChatload, tempDir } from './cli-helpers.js';
import {
  BINARIES,
  finiteValues,
  freePort,
  instantQuery,
  missingBinaries,
  rangeQuery,
  type Started,
  startPrometheus,
  startPushgateway,
} from './prometheus-harness.js';

interface SummarySeries {
  key: string;
  shape: string;
  op: string;
  count: number;
  errorsByCode: Record<string, number>;
}

const missing = missingBinaries();
const inCI = process.env.CI === 'true';
if (missing.length > 0 && !inCI) {
  console.warn(
    `Skipping the Prometheus end-to-end test: ${missing.join(', ')} not found (apt-get install prometheus prometheus-pushgateway; .ci/run does it in CI).`,
  );
}

/** The smoke scenario, longer, with 3 % of API answers refused (130429), so every error panel has data. */
function scenarioWithErrors(dir: string): string {
  const scenario = parse(readFileSync('scenarios/smoke.yaml', 'utf8'));
  scenario.name = 'smoke-prometheus';
  // Long enough for several 1 s scrapes with traffic even when the suite's other file starves
  // Prometheus of CPU: with smoke's 3 s, a rate() could find one sample and return no data.
  scenario.duration = '8s';
  scenario.users = 20_000;
  scenario.mock.faults = { always: { errorRates: [{ code: 130429, rate: 0.03 }] } };
  const file = path.join(dir, 'smoke-prometheus.yaml');
  writeFileSync(file, stringify(scenario));
  return file;
}

describe.skipIf(missing.length > 0 && !inCI)(
  'live metrics, checked with a real Prometheus, Pushgateway and promtool',
  () => {
    const started: Started[] = [];
    afterAll(async () => {
      for (const server of started) await server.stop();
    });

    it('a run scraped every second: dashboard queries return data, final counters equal summary.json, push and OpenMetrics land', async () => {
      expect(missing, 'the CI installs these (.ci/run)').toEqual([]);
      const dir = tempDir('prometheus');
      const metricsPort = await freePort();
      const [prometheus, pushgateway] = await Promise.all([
        startPrometheus(dir, [`127.0.0.1:${metricsPort}`]),
        startPushgateway(),
      ]);
      started.push(prometheus, pushgateway);
      const out = path.join(dir, 'result');
      const ndjson = path.join(dir, 'live.ndjson');
      const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      let midRunScrape = '';
      // The coordinator serves the scrapes: it keeps its priority through the run (decision 0037).
      const nices = new Set<number>();
      const run = await runChatload(
        // A linger of three 1 s scrape intervals (default two): margin for a Prometheus starved of CPU by the suite.
        [
          'run',
          scenarioWithErrors(dir),
          '--metrics-port',
          String(metricsPort),
          '--metrics-linger',
          '3s',
          '--push-gateway',
          pushgateway.url,
          '--ndjson',
          ndjson,
          '--no-progress',
          '--out',
          out,
        ],
        (child) => {
          const niceTimer = setInterval(() => {
            const nice = child.pid === undefined ? undefined : niceOf(child.pid);
            if (nice === undefined) clearInterval(niceTimer);
            else nices.add(nice);
          }, 100);
          // One scrape of our own while the run goes on (before the end, so it is not the final one).
          const timer = setInterval(async () => {
            const text = await fetch(metricsUrl).then(
              (r) => r.text(),
              () => '',
            );
            if (!midRunScrape && /^chatload_operations_total\{/m.test(text)) {
              midRunScrape = text;
              clearInterval(timer);
            }
          }, 250);
        },
      );
      expect(run.stderr).not.toMatch(/internal error|warning/);
      expect(run.code).toBe(0);
      expect([...nices]).toEqual([niceOf(process.pid)]);
      const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as {
        runId: string;
        epochMs: number;
        series: SummarySeries[];
      };
      const total = summary.series.find((s) => s.key === '*/*')!;
      const run_id = summary.runId;
      expect(total.errorsByCode['130429']).toBeGreaterThan(0);

      // After the final scrape, Prometheus's last values are summary.json's counts (last_over_time skips the
      // staleness mark of the closed endpoint). The final scrape was served before chatload exited, but
      // Prometheus commits it a moment later: wait for chatload_run_finished 1.
      const last = (q: string) => instantQuery(prometheus.url, q);
      for (let waitedMs = 0; waitedMs < 5_000; waitedMs += 100) {
        const [finished] = await last(`max(last_over_time(chatload_run_finished{run_id="${run_id}"}[5m]))`);
        if (finished?.value?.[1] === '1') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [finished] = await last(`max(last_over_time(chatload_run_finished{run_id="${run_id}"}[5m]))`);
      expect(finished?.value?.[1]).toBe('1');
      const [sum] = await last(`sum(last_over_time(chatload_operations_total{run_id="${run_id}"}[5m]))`);
      expect(Number(sum?.value?.[1])).toBe(total.count);
      const bySeries = await last(
        `sum by (shape, op) (last_over_time(chatload_operations_total{run_id="${run_id}"}[5m]))`,
      );
      const exported = Object.fromEntries(
        bySeries.map((s) => [`${s.metric.shape}/${s.metric.op}`, Number(s.value?.[1])]),
      );
      const expected = Object.fromEntries(
        summary.series.filter((s) => !s.key.includes('*')).map((s) => [s.key, s.count]),
      );
      expect(exported).toEqual(expected);
      const byCode = await last(
        `sum by (code) (last_over_time(chatload_errors_total{run_id="${run_id}"}[5m]))`,
      );
      expect(Object.fromEntries(byCode.map((s) => [s.metric.code, Number(s.value?.[1])]))).toEqual(
        total.errorsByCode,
      );

      // Every expression of the dashboard (panels and variables) returns data over the run. Grafana's
      // $__rate_interval is at least 4 scrape intervals; a minute keeps two samples in every window
      // even when a busy machine (the whole suite on 2 cores) makes scrapes time out for seconds.
      const dashboard = readDashboard();
      const values = { job: 'chatload', run_id, shape: '.*', __rate_interval: '1m' };
      const startSeconds = summary.epochMs / 1000 - 1;
      const endSeconds = Date.now() / 1000;
      const checked = await Promise.all(
        dashboardExpressions(dashboard).map(async ({ where, expr }) => {
          const query = substitute(expr, values);
          return {
            what: `${where}: ${query}`,
            values: finiteValues(await rangeQuery(prometheus.url, query, startSeconds, endSeconds)),
          };
        }),
      );
      expect(checked.length).toBeGreaterThan(30);
      expect(
        checked.filter((c) => c.values === 0).map((c) => c.what),
        'dashboard expressions without data',
      ).toEqual([]);

      // promtool's naming and format rules pass on a scrape taken during the run.
      expect(midRunScrape).toMatch(/^chatload_run_finished\{[^}]*\} 0$/m);
      const lint = spawnSync(BINARIES.promtool, ['check', 'metrics'], {
        input: midRunScrape,
        encoding: 'utf8',
      });
      expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
      expect(lint.status).toBe(0);

      // The push path: the final push sits in the Pushgateway under job, run id and shard.
      const pushed = samplesOf(await (await fetch(`${pushgateway.url}/metrics`)).text());
      const group = { job: 'chatload', run_id, shard: '0' };
      expect(sumOf(pushed, 'chatload_operations_total', group)).toBe(total.count);
      expect(sumOf(pushed, 'chatload_run_finished', group)).toBe(1);

      // OpenMetrics from the result directory's interval stream (+ hlog), accepted by promtool's backfill.
      copyFileSync(ndjson, path.join(out, 'intervals.ndjson'));
      const openMetrics = path.join(dir, 'run.om.txt');
      const exportRun = await runChatload(['export', 'openmetrics', out, '--out', openMetrics]);
      expect(exportRun.code).toBe(0);
      const text = readFileSync(openMetrics, 'utf8');
      const lastPerSeries = new Map<string, number>();
      for (const sample of samplesOf(text))
        if (sample.name === 'chatload_operations_total')
          lastPerSeries.set(JSON.stringify(sample.labels), sample.value);
      expect([...lastPerSeries.values()].reduce((a, b) => a + b, 0)).toBe(total.count);
      expect(text).toMatch(/^chatload_latency_seconds_bucket\{/m);
      const backfill = spawnSync(
        BINARIES.promtool,
        ['tsdb', 'create-blocks-from', 'openmetrics', openMetrics, path.join(dir, 'blocks')],
        { encoding: 'utf8' },
      );
      expect(backfill.status, backfill.stderr).toBe(0);
    }, 90_000);
  },
);
