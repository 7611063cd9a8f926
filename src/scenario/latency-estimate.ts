/**
 * The platform's modelled latency when a scenario or `serve` says nothing: service time (ms)
 * per call kind, the default of `mock.capacity.serviceTimeMs` (decision 0010).
 *
 * estimate: Meta publishes no Cloud API latency; a 200 only means "accepted"
 * (whatsapp-api.md §2), so tens of ms per accepted call with a lognormal tail (as contact-centre
 * service times [S22]): median 20 ms / p90 60 ms, and media (metadata, then the download of a
 * stored file) median 40 ms / p90 120 ms.
 *
 * A data leaf with no imports, in scenario/ (the ground floor) whose schema takes it as the
 * default; the platform reads it from the resolved settings.
 */
export const ESTIMATED_SERVICE_TIME_MS = {
  default: { dist: 'lognormal', median: 20, p90: 60 },
  media: { dist: 'lognormal', median: 40, p90: 120 },
} as const;
