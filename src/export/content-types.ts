/** The content type of the Prometheus text format (its own module: the metrics server names it without loading prom-client). */
export const PROMETHEUS_TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
