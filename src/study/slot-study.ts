import { type Static, Type } from '@sinclair/typebox';
import { peakDemandAt, slotsVsScale } from '../platform/peak-demand.js';
import { estimateQueue, type LatencySlo, parseLatencySlo, sloValueMs } from '../platform/queueing-approx.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { usToMs, usToSeconds } from '../units.js';
import type { ShapeName } from '../vocabulary.js';
import type { PointMeasure } from './point-measure.js';

/**
 * Platform capacity with the quota off (issue 11 §3b): the service slots each shape needs at its
 * peak hour to meet a latency SLO, as a curve over scale from the M/G/c approximation
 * (platform/queueing-approx.ts), checked against the sim where both run: the sim plays the same
 * population with the approximation's slot count c* (and c* − 1), and says whether c* is the fewest.
 */

/** Statistics of the sojourn a result keeps (PercentilesUs), so the sim can be judged on them. */
const SIM_STATISTICS: ReadonlyMap<number | 'mean', 'mean' | 'p50' | 'p90' | 'p99' | 'p999'> = new Map<number | 'mean', 'mean' | 'p50' | 'p90' | 'p99' | 'p999'>([
  ['mean', 'mean'],
  [0.5, 'p50'],
  [0.9, 'p90'],
  [0.99, 'p99'],
  [0.999, 'p999'],
]);

/** The SLO, or why the study cannot judge the sim by it. */
export function studySlo(text: string): { slo: LatencySlo } | { problem: string } {
  const slo = parseLatencySlo(text);
  if (slo === undefined) return { problem: `"${text}" is not a latency SLO such as wait.mean<10ms or sojourn.p99<1s` };
  // The platform keeps the sum of waits, not their distribution: of the wait, only the mean is known.
  if (slo.measure === 'wait' && slo.statistic !== 'mean') return { problem: `"${text}": the sim keeps the wait's mean only (wait.mean<…); for a quantile, bound the sojourn (e.g. p99<1s)` };
  if (slo.measure === 'sojourn' && !SIM_STATISTICS.has(slo.statistic)) return { problem: `"${text}": the study judges the sojourn's mean, p50, p90, p99 or p99.9` };
  return { slo };
}

/**
 * The SLO's statistic of a sim run (ms): its operations' sojourn, or the mean wait of a slot
 * service (the platform's summed waits ÷ services over the window, the quantity Allen–Cunneen
 * approximates: a media op's two services are two waits).
 */
export function simSloValueMs(measure: PointMeasure, slo: LatencySlo): number {
  if (slo.measure === 'wait') {
    const served = measure.platform?.served ?? 0;
    return served > 0 ? usToMs((measure.platform?.queuedUs ?? 0) / served) : 0;
  }
  const key = SIM_STATISTICS.get(slo.statistic) ?? 'p99';
  return usToMs(measure.all.sojournUs[key]);
}

const Maybe = Type.Union([Type.Number(), Type.Null()]);
const CurveShape = Type.Object({ slots: Maybe, offeredErlangs: Type.Number(), servicesPerSecond: Type.Number(), valueMs: Maybe });

export const SlotCurvePointSchema = Type.Object({
  users: Type.Number(),
  customerService: CurveShape,
  chatbot: CurveShape,
  /** Chatbot slots ÷ customer-service slots. */
  ratio: Maybe,
});
export type SlotCurvePoint = Static<typeof SlotCurvePointSchema>;

export const SlotSimRunSchema = Type.Object({
  slots: Type.Integer(),
  role: Type.Union([Type.Literal('at'), Type.Literal('below')]),
  approxValueMs: Maybe,
  simValueMs: Type.Number(),
  /** The sim's end-to-end sojourn p99 of an operation (a media op's two services and waits), whatever the SLO judges. */
  simSojournP99Ms: Type.Number(),
  pass: Type.Boolean(),
  utilisation: Type.Number(),
  operations: Type.Number(),
  /** Operations completed per second of the window. */
  operationsPerSecond: Type.Number(),
});

export const SlotCheckSchema = Type.Object({
  shape: Type.String(),
  users: Type.Number(),
  approxSlots: Type.Integer(),
  runs: Type.Array(SlotSimRunSchema),
  /** agrees: pass at c*, fail at c* − 1 (or c* alone passes when c* − 1 was not run); more: the sim fails at c*; fewer: it passes at c* − 1. */
  verdict: Type.Union([Type.Literal('agrees'), Type.Literal('sim needs more'), Type.Literal('sim needs fewer'), Type.Literal('incomplete')]),
});
export type SlotCheck = Static<typeof SlotCheckSchema>;

export function slotCurve(cs: ResolvedScenario, chatbot: ResolvedScenario, users: readonly number[], slo: LatencySlo): SlotCurvePoint[] {
  const csCurve = slotsVsScale(cs, users, slo);
  const botCurve = slotsVsScale(chatbot, users, slo);
  const shapeOfPoint = (point: (typeof csCurve)[number]) => {
    const demand = point.shapes[0];
    return {
      slots: demand?.needed?.slots ?? null,
      offeredErlangs: demand?.offeredErlangs ?? 0,
      servicesPerSecond: demand?.servicesPerSecond ?? 0,
      valueMs: demand?.needed === undefined ? null : demand.needed.valueMs,
    };
  };
  return users.map((n, i) => {
    const a = shapeOfPoint(csCurve[i]!);
    const b = shapeOfPoint(botCurve[i]!);
    return { users: n, customerService: a, chatbot: b, ratio: a.slots !== null && b.slots !== null ? b.slots / a.slots : null };
  });
}

export interface SlotRun {
  readonly users: number;
  readonly slots: number;
  readonly role: 'at' | 'below';
  readonly measure: PointMeasure | undefined;
}

/** The sim's verdict on c* at one population, beside the approximation's value at the same slot counts. */
export function slotCheck(scenario: ResolvedScenario, shape: ShapeName, users: number, approxSlots: number, runs: readonly SlotRun[], slo: LatencySlo): SlotCheck {
  const demand = peakDemandAt(scenario, users)[0];
  const judged = runs.flatMap((run) => {
    if (run.measure === undefined) return [];
    const simValueMs = simSloValueMs(run.measure, slo);
    const approx = demand === undefined ? undefined : estimateQueue(run.slots, demand.servicesPerSecond, demand.serviceLaw);
    const busyUs = run.measure.platform?.busyUs ?? 0;
    return [
      {
        slots: run.slots,
        role: run.role,
        approxValueMs: approx?.stable ? sloValueMs(approx, slo) : null,
        simValueMs,
        simSojournP99Ms: usToMs(run.measure.all.sojournUs.p99),
        pass: simValueMs < slo.belowMs,
        utilisation: busyUs / (run.slots * Math.max(1, run.measure.elapsedUs)),
        operations: run.measure.all.completed,
        operationsPerSecond: run.measure.all.completed / Math.max(1e-9, usToSeconds(run.measure.elapsedUs)),
      },
    ];
  });
  const at = judged.find((r) => r.role === 'at');
  const below = judged.find((r) => r.role === 'below');
  const wanted = runs.length;
  const verdict: SlotCheck['verdict'] =
    at === undefined || judged.length < wanted ? 'incomplete' : !at.pass ? 'sim needs more' : below?.pass ? 'sim needs fewer' : 'agrees';
  return { shape, users, approxSlots, runs: judged, verdict };
}
