import { IntervalRecorder, NOT_MEASURED } from '../metrics/interval-recorder.js';
import type { ClosedInterval, SeriesAggregate } from '../metrics/run-aggregate.js';
import type { SeriesKey } from '../metrics/series-key.js';
import type { RequestSizes } from '../platform/planned-calls.js';
import type { WireSizes } from '../platform/wire-sizes.js';
import type { PlannedOp } from '../traffic/operation.js';
import { SeriesKeys } from './series-keys.js';

/**
 * What a cluster of the sim records per operation: its series, the bytes each way, and its
 * latency as the platform's sojourn (no HTTP, so no lateness and no sojourn header).
 */
export class ClusterMeasures {
  readonly #recorder: IntervalRecorder;
  readonly #series = new SeriesKeys();
  readonly #requestSizes: RequestSizes;
  readonly #wire: WireSizes;

  /** `platformIsLatency`: nothing holds an answer (no faults), so the sojourn is recorded once as both. */
  constructor(cluster: number, requestSizes: RequestSizes, wire: WireSizes, platformIsLatency: boolean) {
    this.#recorder = new IntervalRecorder(cluster, { keepTotals: true, platformIsLatency });
    this.#requestSizes = requestSizes;
    this.#wire = wire;
  }

  sent(op: PlannedOp): void {
    this.#recorder.recordSent(this.#series.keyOf(op), this.#requestSizes.bytesOf(op), op.seq === 0);
  }

  /** Served after `sojournUs` in the platform; the answer is held `holdUs` more by a fault. */
  served(op: PlannedOp, sojournUs: number, holdUs: number, serviceUs: number, fileBytes: number): void {
    this.#completed(op, sojournUs, holdUs, serviceUs, this.#wire.answerBytes(op, fileBytes), undefined);
  }

  /** Refused with `code` after waiting `waitedUs` in the platform. */
  refused(op: PlannedOp, waitedUs: number, holdUs: number, serviceUs: number, code: number): void {
    this.#completed(
      op,
      waitedUs,
      holdUs,
      serviceUs,
      this.#wire.errorBytes(code),
      this.#series.codeTextOf(code),
    );
  }

  /** The answer reaches the business `holdUs` after leaving the platform, where it spent `inPlatformUs`. */
  #completed(
    op: PlannedOp,
    inPlatformUs: number,
    holdUs: number,
    serviceUs: number,
    receivedBytes: number,
    errorCode: string | undefined,
  ): void {
    this.#recorder.recordCompleted(
      this.#series.keyOf(op),
      NOT_MEASURED,
      inPlatformUs + holdUs,
      serviceUs,
      inPlatformUs,
      receivedBytes,
      errorCode,
    );
  }

  borrowInterval(index: number, inFlight: number, consume: (interval: ClosedInterval) => void): void {
    this.#recorder.borrowInterval(index, inFlight, consume);
  }

  totals(): Map<SeriesKey, SeriesAggregate> {
    return this.#recorder.totals();
  }
}
