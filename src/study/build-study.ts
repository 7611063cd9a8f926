import type { Provenance } from '../metrics/provenance.js';
import { serviceDemandOf } from '../platform/service-demand.js';
import { PROJECTION_INPUTS, type Projection, project } from '../report/projection.js';
import { headlineSensitivity } from '../report/sensitivity-render.js';
import { userDayLoad } from '../traffic/user-day-load.js';
import { OP_KINDS, type ShapeName } from '../vocabulary.js';
import { liveCheck } from './live-check.js';
import { quotaTierOf } from './quota-study.js';
import { type SlotCheck, slotCheck, slotCurve, studySlo } from './slot-study.js';
import { combinedScenario, peakMessageRate, type StudyDesign, type StudyScenarios } from './study-design.js';
import type { SearchState, StepRecord } from './study-planner.js';
import { STUDY_SCHEMA_VERSION, type StudyJson } from './study-schema.js';
import type { StudySettings } from './study-settings.js';
import { type DayRuns, userDayStudy } from './user-day-study.js';

/**
 * study.json from what finished: every section is computed from the step records (and the
 * analytic pieces from the scenarios), so a partial study shows what it has, and a resumed one
 * gives the same figures as a straight one.
 */
export interface StudyBuildInput {
  readonly scenarios: StudyScenarios;
  readonly refs: StudyJson['scenarios'];
  readonly settings: StudySettings;
  readonly design: StudyDesign;
  readonly searches: readonly SearchState[];
  readonly finished: ReadonlyMap<string, StepRecord>;
  /** Ids of the steps read back from the directory (finished in an earlier session). */
  readonly readBack: ReadonlySet<string>;
  readonly interrupted: string | null;
  readonly provenance: Provenance;
}

export const QUOTA_METHOD =
  'Sim, one business number, the tier as its throughput (burst one second’s worth), capacity off (zero service time) so only the quota binds; ' +
  'the window starts at the shape’s own peak hour after a steady-state pre-roll. Probes step and bisect; the knee is the population where the logistic fit of every probe’s pass/fail gives P(pass) = ½. ' +
  'When every pass lies below every fail, the knee is the middle of that gap and the gap is the search’s resolution, not an uncertainty.';

export const SLOTS_METHOD =
  'Quota off (mock.enforceThroughput: false), modelled service times, one pooled set of slots. The curve is the M/G/c approximation (Erlang C with the Allen–Cunneen correction for the service-time distribution) at each shape’s peak hour; ' +
  'the sim plays the same populations with the approximation’s slot count c* (and c* − 1 below the largest) over the peak hour and says whether c* is the fewest that meet the SLO.';

const records = (finished: ReadonlyMap<string, StepRecord>, part: StepRecord['spec']['part']) =>
  [...finished.values()].filter((r) => r.spec.part === part).sort((a, b) => (a.spec.id < b.spec.id ? -1 : 1));

function dayRuns(finished: ReadonlyMap<string, StepRecord>, shape: ShapeName, users: number): DayRuns {
  return { users, measures: records(finished, 'day').filter((r) => r.spec.shape === shape).map((r) => r.measure) };
}

function slotChecks(input: StudyBuildInput): SlotCheck[] {
  const parsed = studySlo(input.settings.slots.slo);
  if (!('slo' in parsed)) return [];
  const byPoint = new Map<string, StepRecord['spec'][]>();
  for (const spec of input.design.fixed) {
    if (spec.part !== 'slots') continue;
    const key = `${spec.shape}|${spec.users}`;
    byPoint.set(key, [...(byPoint.get(key) ?? []), spec]);
  }
  return [...byPoint.values()].map((specs) => {
    const first = specs[0]!;
    const scenario = first.shape === 'customer-service' ? input.scenarios.customerService : input.scenarios.chatbot;
    const at = specs.find((s) => s.part === 'slots' && s.role === 'at');
    const runs = specs.map((s) => ({ users: s.users, slots: s.part === 'slots' ? s.slots : 0, role: s.part === 'slots' ? s.role : ('at' as const), measure: input.finished.get(s.id)?.measure }));
    return slotCheck(scenario, first.shape, first.users, at?.part === 'slots' ? at.slots : 0, runs, parsed.slo);
  });
}

/** Platform operations per second one slot carried at the SLO in the largest simulated chatbot population that met it. */
function capacityPerSlot(checks: readonly SlotCheck[], slo: string): Projection['inputs']['capacityPerSlot'] {
  const met = checks
    .filter((c) => c.shape === 'general-chatbot')
    .flatMap((c) => c.runs.filter((r) => r.role === 'at' && r.pass).map((r) => ({ users: c.users, run: r })))
    .sort((a, b) => b.users - a.users)[0];
  if (met === undefined) return undefined;
  return {
    value: met.run.operationsPerSecond / met.run.slots,
    source: `study sim: general-chatbot at ${met.users.toLocaleString('en-US')} users, ${met.run.slots} slots meeting ${slo} over its peak hour (conservative at larger scale, where pooling carries more per slot)`,
  };
}

function quotaSection(input: StudyBuildInput): StudyJson['quota'] {
  const { settings, scenarios } = input;
  return {
    criteria: `errors[130429]<${settings.quota.maxErrorShare * 100}% of all operations, and inbound webhooks’ wait at the quota p99 < ${settings.quota.inboundWaitP99Ms} ms`,
    method: QUOTA_METHOD,
    shapes: input.design.quotaPlans.map((plan) => {
      const scenario = plan.shape === 'customer-service' ? scenarios.customerService : scenarios.chatbot;
      return {
        shape: plan.shape,
        peakHour: plan.peakHour,
        peakMessagesPerSecondPerUser: peakMessageRate(scenario).perUser,
        tiers: input.searches.filter((s) => s.shape === plan.shape).map((s) => quotaTierOf(s.tier, plan.usersAtTierRate(s.tier), s.priorUsers, s.points, s.bracket, s.complete)),
      };
    }),
  };
}

function liveSection(input: StudyBuildInput): StudyJson['live'] {
  const wanted = new Set(input.design.fixed.filter((s) => s.part === 'live').map((s) => s.id));
  const live = records(input.finished, 'live').filter((r) => wanted.has(r.spec.id));
  const liveSpec = input.design.fixed.find((s) => s.part === 'live');
  if (liveSpec === undefined || live.length === 0) return null;
  const ofEngine = (engine: 'sim' | 'live') => live.filter((r) => r.spec.part === 'live' && r.spec.engine === engine).map((r) => r.measure);
  return liveCheck(liveSpec, ofEngine('live'), ofEngine('sim'), live.flatMap((r) => (r.dir === undefined ? [] : [r.dir])));
}

function stepCounts(input: StudyBuildInput): StudyJson['steps'] {
  // Only this study's steps: a directory may also hold the records of a live point it no longer plays.
  const fixed = new Set(input.design.fixed.map((s) => s.id));
  const current = [...input.finished.values()].filter((r) => r.spec.part === 'quota' || fixed.has(r.spec.id));
  return {
    planned: input.design.fixed.length + input.searches.reduce((n, s) => n + s.points.length + s.wanted.length, 0),
    finished: current.length,
    readBack: current.filter((r) => input.readBack.has(r.spec.id)).length,
    operations: current.reduce((n, r) => n + r.measure.shapes.reduce((m, s) => m + OP_KINDS.reduce((k, kind) => k + s.sent[kind], 0), 0), 0),
    stepSeconds: current.reduce((n, r) => n + r.wallSeconds, 0),
  };
}

export function buildStudy(input: StudyBuildInput): StudyJson {
  const { scenarios, settings, finished } = input;
  const combined = combinedScenario(scenarios);
  const load = userDayLoad(combined, serviceDemandOf(combined.mock.capacity).meanMsPerOp);
  const cs = dayRuns(finished, 'customer-service', settings.dayUsers['customer-service']);
  const bot = dayRuns(finished, 'general-chatbot', settings.dayUsers['general-chatbot']);
  const parsed = studySlo(settings.slots.slo);
  const checks = slotChecks(input);
  const perSlot = capacityPerSlot(checks, settings.slots.slo);
  return {
    schemaVersion: STUDY_SCHEMA_VERSION,
    kind: 'study',
    interrupted: input.interrupted,
    scenarios: input.refs,
    settings,
    userDay: cs.measures.length > 0 && bot.measures.length > 0 ? userDayStudy(load, cs, bot) : null,
    quota: quotaSection(input),
    slots: {
      slo: settings.slots.slo,
      method: SLOTS_METHOD,
      curve: 'slo' in parsed ? slotCurve(scenarios.customerService, scenarios.chatbot, settings.slots.curveUsers, parsed.slo) : [],
      checks,
    },
    sensitivity: headlineSensitivity(combined, settings.sensitivitySamples, combined.seed),
    projection: combined.traffic.mix.some((m) => m.shape === 'general-chatbot') ? project(combined, { ...PROJECTION_INPUTS, capacityPerSlot: perSlot }) : null,
    live: liveSection(input),
    steps: stepCounts(input),
    provenance: input.provenance,
  };
}
