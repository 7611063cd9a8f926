import { msToUs } from '../units.js';

/**
 * Every metric a run exports, in one place (as k6's metrics/builtin.go): names in base units
 * (seconds, bytes) with the unit as suffix, counters ending in _total, per Prometheus's naming
 * conventions. Every sample also carries `run_id` and `shard`.
 */
export const RUN_METRICS = {
  operations: {
    name: 'chatload_operations_total',
    help: 'Operations completed (answered, failed or timed out), by traffic shape, operation and outcome (ok, error).',
  },
  sent: { name: 'chatload_operations_sent_total', help: 'Operations sent (handed to a connection), by traffic shape and operation.' },
  errors: {
    name: 'chatload_errors_total',
    help: 'Failed operations by Graph error code ("130429"), or http_<status>, timeout, transport.',
  },
  latency: {
    name: 'chatload_latency_seconds',
    help: 'Latency measured from the intended send time (coordinated-omission correct: includes any generator lateness), from HDR interval histograms. Exact percentiles: summary.json.',
  },
  service: { name: 'chatload_service_seconds', help: 'Service time measured from the actual send, from HDR interval histograms.' },
  lateness: { name: 'chatload_lateness_seconds', help: 'Generator lateness: actual send time minus intended send time.' },
  inFlight: { name: 'chatload_operations_in_flight', help: 'Operations in flight at the end of the last closed interval.' },
  bytesSent: { name: 'chatload_sent_bytes_total', help: 'Request body bytes sent, by traffic shape and operation.' },
  bytesReceived: { name: 'chatload_received_bytes_total', help: 'Response body bytes received, by traffic shape and operation.' },
  conversations: { name: 'chatload_conversations_started_total', help: 'Conversations whose first operation was sent, by traffic shape.' },
  webhookUpdates: {
    name: 'chatload_webhook_updates_total',
    help: "Webhook updates the run's receiver counted, by traffic shape and kind (message, or the status sent, delivered, read, failed).",
  },
  webhookPosts: { name: 'chatload_webhook_posts_total', help: "Webhook POSTs the run's receiver got, valid or not." },
  webhookBytes: { name: 'chatload_webhook_received_bytes_total', help: "Webhook body bytes the run's receiver got." },
  webhookRejected: { name: 'chatload_webhook_rejected_posts_total', help: 'Webhook POSTs refused for a missing or wrong X-Hub-Signature-256.' },
  webhookDelay: {
    name: 'chatload_webhook_delay_seconds',
    help: "Webhook delivery delay: the platform's send of the POST to the whole body received, by traffic shape.",
  },
  eventLoopDelay: {
    name: 'chatload_event_loop_delay_seconds',
    help: 'Event-loop delay per thread (how late a timer of that thread fires), from HDR interval histograms.',
  },
  runInfo: { name: 'chatload_run_info', help: 'The run: scenario, seed, tool version, engine and shard count as labels; value 1.' },
  runStart: { name: 'chatload_run_start_time_seconds', help: "The plan's t = 0 as Unix time." },
  runFinished: {
    name: 'chatload_run_finished',
    help: '0 while the run goes on, 1 once it finished: from then on every counter equals summary.json.',
  },
} as const;

/**
 * Latency and service-time buckets (µs; exposed in seconds). Classic buckets are coarse by
 * nature: they are for dashboards and SLO ratios; exact percentiles come from summary.json and
 * the hlog. Chosen so that:
 * - nothing below 1 ms: the simplest Node client on loopback sees p99 4–5 ms on this project's
 *   machine (issue 9's measurement at 160 req/s); below 1 ms is noise;
 * - 20 ms to 250 ms is dense (steps ≤ ×1.67), where the mock's modelled service times sit
 *   (lognormal median 20 ms / p90 60 ms, media 40 / 120 ms in the main scenarios);
 * - 250 ms and 1 s are bounds, the README's SLO examples (send.p99<250ms, p99<1s): the share
 *   within an SLO is exact, `rate(…_bucket{le="0.25"}) / rate(…_count)`;
 * - 30 s is the default request timeout: timed-out operations land above it, in +Inf.
 */
export const LATENCY_BOUNDS_US: readonly number[] = [
  1, 2.5, 5, 10, 20, 30, 50, 75, 100, 150, 250, 500, 750, 1_000, 2_500, 5_000, 10_000, 30_000,
].map(msToUs);

/**
 * Lateness and event-loop delay buckets (µs): from 50 µs, where the scheduler's own lateness
 * sits (p99 0.13 ms at 1,000 ops/s, commit f04d670, bench/scheduler-lateness.mjs), through 1 ms (the floor goal of
 * the measurement-floor work) and 5 ms (load.latenessWarn's default: the share over the warning
 * level is exact), up to 5 s for a generator far behind.
 */
export const LATENESS_BOUNDS_US: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1_000, 5_000,
].map(msToUs);

/** Webhook delay: the same as latency's, up to 30 s (delivered and read statuses come seconds later). */
export const WEBHOOK_DELAY_BOUNDS_US: readonly number[] = LATENCY_BOUNDS_US;
