import type { Distribution } from '../scenario/distribution-schema.js';
import { secondMomentOf } from '../traffic/distribution-moments.js';
import { meanOf } from '../traffic/distributions.js';
import { OP_KINDS, type OpKind } from '../traffic/operation.js';
import { type CapacitySettings, serviceDistributionOf } from './capacity-model.js';

/**
 * The work a traffic operation costs the capacity model (capacity-model.ts), in closed form:
 * how many times it takes a service slot and the first two moments of each service time (ms),
 * from the scenario's per-kind service-time distributions (`default` for kinds not listed).
 *
 * A `media` op is the bot's metadata GET and then the download, each served as `media`
 * (media-routes.ts), so it takes a slot twice; every other op once, under its own kind. The
 * per-KiB cost (`perKiBMs`) is not included (0 in the shipped scenarios): it would add about
 * perKiBMs × payload KiB per op.
 */
export interface ServiceDemand {
  /** Slot services per op of the kind. */
  readonly servicesPerOp: Readonly<Record<OpKind, number>>;
  /** Mean of one service of the kind, ms. */
  readonly meanMs: Readonly<Record<OpKind, number>>;
  /** E[S²] of one service of the kind, ms². */
  readonly secondMomentMs2: Readonly<Record<OpKind, number>>;
  /** Mean slot time of a whole op of the kind (servicesPerOp × meanMs), ms. */
  readonly meanMsPerOp: Readonly<Record<OpKind, number>>;
}

const byKind = (value: (kind: OpKind) => number): Record<OpKind, number> =>
  Object.fromEntries(OP_KINDS.map((kind) => [kind, value(kind)])) as Record<OpKind, number>;

export function serviceDemandOf(capacity: Pick<CapacitySettings, 'serviceTimeMs' | 'latency'>): ServiceDemand {
  const distribution = (kind: OpKind): Distribution | undefined => serviceDistributionOf(capacity, kind);
  const servicesPerOp = byKind((kind) => (kind === 'media' ? 2 : 1));
  const meanMs = byKind((kind) => {
    const d = distribution(kind);
    return d === undefined ? 0 : meanOf(d);
  });
  const secondMomentMs2 = byKind((kind) => {
    const d = distribution(kind);
    return d === undefined ? 0 : secondMomentOf(d);
  });
  return { servicesPerOp, meanMs, secondMomentMs2, meanMsPerOp: byKind((kind) => servicesPerOp[kind] * meanMs[kind]) };
}

/** The service-time law of a stream of ops: arrivals at the slots per second and the service moments. */
export interface ServiceMix {
  /** Slot services per second. */
  readonly servicesPerSecond: number;
  /** Mean service time over the mix, ms. */
  readonly meanMs: number;
  /** E[S²] over the mix, ms². */
  readonly secondMomentMs2: number;
  /** Squared coefficient of variation of the service time. */
  readonly squaredCv: number;
}

/** The mixture of service times that ops at the given rates (per kind, per second) send to the slots. */
export function serviceMixOf(opsPerSecond: Readonly<Record<OpKind, number>>, demand: ServiceDemand): ServiceMix {
  let services = 0;
  let first = 0;
  let second = 0;
  for (const kind of OP_KINDS) {
    const rate = opsPerSecond[kind] * demand.servicesPerOp[kind];
    services += rate;
    first += rate * demand.meanMs[kind];
    second += rate * demand.secondMomentMs2[kind];
  }
  const meanMs = services > 0 ? first / services : 0;
  const secondMomentMs2 = services > 0 ? second / services : 0;
  return { servicesPerSecond: services, meanMs, secondMomentMs2, squaredCv: meanMs > 0 ? Math.max(0, secondMomentMs2 / meanMs ** 2 - 1) : 0 };
}
