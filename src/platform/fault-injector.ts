import type { FaultSettings, MockSettings } from '../scenario/mock-schema.js';

/**
 * Faults the platform can inject, always or on a schedule of [fromMs, toMs) windows after its
 * start (the run's t = 0 in the sim): periodic stalls (every answer held until the stall ends,
 * as a GC pause would), error rates by Graph code, and latency spikes. Decisions are pure
 * functions of the time and a seeded random stream, so both engines make the same ones.
 */

/** Whether any fault is configured (without one, no answer is ever held or refused by a fault). */
export const faultsConfigured = (faults: MockSettings['faults']): boolean => faults.always !== undefined || faults.schedule.length > 0;

export class FaultInjector {
  private readonly always: FaultSettings | undefined;
  private readonly schedule: MockSettings['faults']['schedule'];
  readonly active: boolean;

  constructor(
    faults: MockSettings['faults'],
    private readonly startMs: number,
    private readonly random: () => number,
  ) {
    this.always = faults.always;
    this.schedule = faults.schedule;
    this.active = faults.always !== undefined || faults.schedule.length > 0;
  }

  /** At request time: should this request fail with an injected error? */
  errorCodeAt(nowMs: number): number | undefined {
    for (const fault of this.faultsAt(nowMs)) {
      for (const { code, rate } of fault.errorRates ?? []) if (this.random() < rate) return code;
    }
    return undefined;
  }

  /** At answer time: how long to hold the answer (rest of a running stall, plus any spike). */
  holdMsAt(nowMs: number): number {
    let holdMs = 0;
    for (const fault of this.faultsAt(nowMs)) {
      if (fault.stall !== undefined) {
        const phaseMs = (nowMs - this.startMs) % fault.stall.everyMs;
        if (phaseMs < fault.stall.durationMs) holdMs = Math.max(holdMs, fault.stall.durationMs - phaseMs);
      }
      if (fault.latencySpike !== undefined && this.random() < fault.latencySpike.probability)
        holdMs += fault.latencySpike.addedMs;
    }
    return holdMs;
  }

  private faultsAt(nowMs: number): FaultSettings[] {
    const sinceStartMs = nowMs - this.startMs;
    const out: FaultSettings[] = this.always === undefined ? [] : [this.always];
    for (const entry of this.schedule)
      if (sinceStartMs >= entry.fromMs && sinceStartMs < entry.toMs) out.push(entry.fault);
    return out;
  }
}
