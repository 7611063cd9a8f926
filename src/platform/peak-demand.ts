import type { Distribution } from '../scenario/distribution-schema.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { OP_KINDS, type OpKind, type ShapeName } from '../traffic/operation.js';
import { profileScenario } from '../traffic/profile.js';
import { SECONDS_PER_DAY } from '../units.js';
import { type CapacitySettings, serviceDistributionOf } from './capacity-model.js';
import { type LatencySlo, type ServiceLaw, type SlotsForSlo, serviceMoments, slotsForSlo } from './queueing-approx.js';
import { serviceDemandOf } from './service-demand.js';

/**
 * What one shape asks of the platform's slots at its peak hour, for a population of N enrolled
 * users of that shape alone: ops per second by kind (the profile's per-enrolled-user-day figures ×
 * N × the peak multiplier ÷ 86,400 s), slot services per second and their service-time law. The
 * input of the slots-vs-scale curve (10⁵ … 10⁹ users), where simulating is too costly.
 */
export interface ShapePeakDemand {
  readonly shape: ShapeName;
  readonly mixIndex: number;
  readonly enrolledUsers: number;
  readonly peakHour: number;
  readonly peakMultiplier: number;
  readonly opsPerSecond: Readonly<Record<OpKind, number>>;
  readonly servicesPerSecond: number;
  readonly serviceLaw: ServiceLaw;
  /** λ E[S]: slots kept busy on average at the peak. */
  readonly offeredErlangs: number;
}

/** The service-time mixture that ops at these rates send to the slots. */
export function serviceLawOf(opsPerSecond: Readonly<Record<OpKind, number>>, capacity: Pick<CapacitySettings, 'serviceTimeMs' | 'latency'>): ServiceLaw {
  const demand = serviceDemandOf(capacity);
  const components: { weight: number; dist: Distribution }[] = [];
  for (const kind of OP_KINDS) {
    const dist = serviceDistributionOf(capacity, kind);
    const weight = opsPerSecond[kind] * demand.servicesPerOp[kind];
    if (dist !== undefined && weight > 0) components.push({ weight, dist });
  }
  return { components };
}

/** Each mix entry's peak demand with `enrolledUsers` users of that shape (the mix weights are not applied). */
export function peakDemandAt(scenario: ResolvedScenario, enrolledUsers: number): ShapePeakDemand[] {
  const profile = profileScenario(scenario);
  return profile.shapes.map((shape) => {
    const perSecondFactor = (enrolledUsers * shape.peak.multiplier) / SECONDS_PER_DAY;
    const opsPerSecond = Object.fromEntries(OP_KINDS.map((kind) => [kind, shape.perEnrolledUserDay.ops[kind] * perSecondFactor])) as Record<OpKind, number>;
    const serviceLaw = serviceLawOf(opsPerSecond, scenario.mock.capacity);
    const servicesPerSecond = serviceLaw.components.reduce((sum, c) => sum + c.weight, 0);
    const meanMs = serviceLaw.components.length > 0 ? serviceMoments(serviceLaw).meanMs : 0;
    return {
      shape: shape.shape,
      mixIndex: shape.mixIndex,
      enrolledUsers,
      peakHour: shape.peak.hour,
      peakMultiplier: shape.peak.multiplier,
      opsPerSecond,
      servicesPerSecond,
      serviceLaw,
      offeredErlangs: (servicesPerSecond * meanMs) / 1000,
    };
  });
}

export interface ScalePoint {
  readonly enrolledUsers: number;
  readonly shapes: readonly (ShapePeakDemand & { readonly needed: SlotsForSlo | undefined })[];
  /** general-chatbot slots ÷ customer-service slots, when the mix has both and both are feasible. */
  readonly slotRatio: number | undefined;
}

/**
 * Slots each shape needs at its peak to meet the SLO, at each population (M/G/c approximation,
 * queueing-approx.ts). `needed` is undefined for a shape with no modelled service time.
 */
export function slotsVsScale(scenario: ResolvedScenario, populations: readonly number[], slo: LatencySlo): ScalePoint[] {
  return populations.map((enrolledUsers) => {
    const shapes = peakDemandAt(scenario, enrolledUsers).map((demand) => ({
      ...demand,
      needed: demand.serviceLaw.components.length === 0 ? undefined : slotsForSlo(demand.servicesPerSecond, demand.serviceLaw, slo),
    }));
    const slotsOf = (name: ShapeName) => shapes.find((s) => s.shape === name)?.needed?.slots;
    const chatbot = slotsOf('general-chatbot');
    const cs = slotsOf('customer-service');
    return { enrolledUsers, shapes, slotRatio: chatbot !== undefined && cs !== undefined ? chatbot / cs : undefined };
  });
}
