import { collectDefaultMetrics, Registry } from 'prom-client';
import { type Labels, type MetricFamily, prometheusText } from './metric-families.js';

/** Anything that renders metric families on demand (the run's exporter, the mock's view). */
export interface MetricsSource {
  families(): MetricFamily[] | Promise<MetricFamily[]>;
}

const MISNAMED_PROCESS_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export { PROMETHEUS_TEXT_TYPE } from './content-types.js';

/**
 * The whole exposition of a process: its sources rendered afresh on each call, plus
 * prom-client's process metrics (CPU, memory, GC, the main thread's event-loop delay
 * `nodejs_eventloop_lag_*`) when asked for, labelled like the rest.
 */
export class Exposition {
  readonly #sources: readonly MetricsSource[];
  readonly #process: Registry | undefined;

  constructor(sources: readonly MetricsSource[], options: { processMetrics?: Labels } = {}) {
    this.#sources = sources;
    if (options.processMetrics) {
      this.#process = new Registry();
      collectDefaultMetrics({ register: this.#process, labels: options.processMetrics });
      // Gauges named *_total break the naming rules (promtool check metrics says so); the same
      // counts are in nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
      for (const name of MISNAMED_PROCESS_GAUGES) this.#process.removeSingleMetric(name);
    }
  }

  async text(): Promise<string> {
    const families = (await Promise.all(this.#sources.map((source) => source.families()))).flat();
    return prometheusText(families) + (this.#process ? await this.#process.metrics() : '');
  }
}
