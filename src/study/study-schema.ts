import { type Static, Type } from '@sinclair/typebox';
import { ProvenanceSchema } from '../metrics/provenance.js';
import type { Projection } from '../report/projection.js';
import type { HeadlineSensitivity } from '../report/sensitivity-render.js';
import { LiveCheckSchema } from './live-check.js';
import { QuotaTierSchema } from './quota-study.js';
import { SlotCheckSchema, SlotCurvePointSchema } from './slot-study.js';
import { StudySettingsSchema } from './study-settings.js';
import { UserDayStudySchema } from './user-day-study.js';

/**
 * study.json: every figure of a study's report, with the settings, seeds and sample sizes behind
 * it, in one TypeBox schema (the writer builds it; `--resume` and tests read it back through it).
 * Version 2: version 1 was the live study's (runs, compare, capacity searches, capacity ratio).
 * Version 3: each slot check's sim run keeps its sojourn p99 beside the SLO's statistic.
 */
export const STUDY_SCHEMA_VERSION = 3;
export const STUDY_FILES = { json: 'study.json', html: 'report.html', plan: 'study-plan.json', steps: 'steps' } as const;

const ScenarioRef = Type.Object({
  name: Type.String(),
  file: Type.String(),
  seed: Type.Integer(),
  /** SHA-256 of the resolved scenario: a resumed study must play the same one. */
  fingerprint: Type.String(),
});

const TornadoRowSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  source: Type.String(),
  base: Type.Number(),
  low: Type.Number(),
  high: Type.Number(),
  atLow: Type.Number(),
  atHigh: Type.Number(),
  swing: Type.Number(),
});

const SensitivitySchema = Type.Unsafe<HeadlineSensitivity>(
  Type.Object({
    headline: Type.String(),
    tornado: Type.Object({ base: Type.Number(), rows: Type.Array(TornadoRowSchema) }),
    joint: Type.Object({ samples: Type.Integer(), seed: Type.Integer(), level: Type.Number(), median: Type.Number(), low: Type.Number(), high: Type.Number(), mean: Type.Number() }),
  }),
);

/** The projection's own type (report/projection.ts); its core is checked here. */
const ProjectionSchema = Type.Unsafe<Projection>(
  Type.Object({ inputs: Type.Object({}), chatbotPeakHour: Type.Number(), chatbotPeakMultiplier: Type.Number(), adoption: Type.Array(Type.Object({})), assistants: Type.Array(Type.Object({})) }),
);

export const QuotaShapeSchema = Type.Object({
  shape: Type.String(),
  peakHour: Type.Number(),
  /** Messages (in + out) per second per enrolled user over the peak hour (profile). */
  peakMessagesPerSecondPerUser: Type.Number(),
  tiers: Type.Array(QuotaTierSchema),
});
export type QuotaShape = Static<typeof QuotaShapeSchema>;

export const StudyJsonSchema = Type.Object({
  schemaVersion: Type.Literal(STUDY_SCHEMA_VERSION),
  kind: Type.Literal('study'),
  /** Set when the study stopped before every step finished (Ctrl-C): the report is partial. */
  interrupted: Type.Union([Type.String(), Type.Null()]),
  scenarios: Type.Object({ customerService: ScenarioRef, chatbot: ScenarioRef }),
  settings: StudySettingsSchema,
  userDay: Type.Union([UserDayStudySchema, Type.Null()]),
  quota: Type.Object({ criteria: Type.String(), method: Type.String(), shapes: Type.Array(QuotaShapeSchema) }),
  slots: Type.Object({ slo: Type.String(), method: Type.String(), curve: Type.Array(SlotCurvePointSchema), checks: Type.Array(SlotCheckSchema) }),
  sensitivity: Type.Array(SensitivitySchema),
  projection: Type.Union([ProjectionSchema, Type.Null()]),
  live: Type.Union([LiveCheckSchema, Type.Null()]),
  steps: Type.Object({
    planned: Type.Integer(),
    finished: Type.Integer(),
    /** Finished in an earlier session of this study and read back from steps/. */
    readBack: Type.Integer(),
    /** Operations the finished steps simulated or ran (measured windows). */
    operations: Type.Number(),
    /** Sum of the finished steps' own wall times, seconds (any session; steps overlap on threads). */
    stepSeconds: Type.Number(),
  }),
  provenance: ProvenanceSchema,
});
export type StudyJson = Static<typeof StudyJsonSchema>;
