import { type Static, Type } from '@sinclair/typebox';
import { HOUR_POLICIES } from '../traffic/time-base.js';

/**
 * Two additive sections of summary.json (issue 11 §2 and §6): the result's time base, and the
 * load per user-day it measured with the analytic figures beside it. Optional in the schema, so
 * files written before them still read.
 */

const Count = Type.Number({ minimum: 0 });
const MaybeNumber = Type.Union([Type.Number(), Type.Null()]);

export const TimeBaseSummarySchema = Type.Object({
  /** Played with `clock.dayIn` shorter than a day: arrivals sped up, think times not. */
  compressed: Type.Boolean(),
  /** "time-compressed: no rate or peak claims" when compressed, else null. */
  mark: Type.Union([Type.String(), Type.Null()]),
  dayInSeconds: Count,
  startHour: Type.Number(),
  /** Hours of the scenario clock the run played. */
  playedHours: Count,
  hourPolicy: Type.Union(HOUR_POLICIES.map((p) => Type.Literal(p))),
  hourPolicyText: Type.String(),
  shapes: Type.Array(
    Type.Object({
      shape: Type.String(),
      timezones: Type.Array(Type.Object({ offsetHours: Type.Number(), share: Count })),
      /** Scenario-clock hour of the shape's peak. */
      peakHour: Type.Number(),
      /** Share of a day's conversation starts that fall in the played hours. */
      windowShareOfDay: Count,
      coversPeak: Type.Boolean(),
    }),
  ),
});
export type TimeBaseSummary = Static<typeof TimeBaseSummarySchema>;

export const EstimateSchema = Type.Object({ value: MaybeNumber, low: MaybeNumber, high: MaybeNumber });

const BasisFigures = Type.Object({ measured: EstimateSchema, analytic: MaybeNumber });

export const ShapeUserDaySummarySchema = Type.Object({
  shape: Type.String(),
  enrolledUsers: Count,
  activeShare: Count,
  /** Errors among the shape's operations: where > 0 the counts are offered, not carried. */
  errors: Count,
  metrics: Type.Record(
    Type.String(),
    Type.Object({ counted: MaybeNumber, expected: Count, perEnrolledUserDay: BasisFigures, perActiveUserDay: BasisFigures }),
  ),
});

export const LoadPerUserDaySummarySchema = Type.Object({
  /** How the figures are made, in words. */
  basis: Type.String(),
  level: Type.Number(),
  windowSeconds: Count,
  /** The chatbot's reply style as played (null without a chatbot). */
  replyStyle: Type.Union([Type.String(), Type.Null()]),
  shapes: Type.Array(ShapeUserDaySummarySchema),
  /** general-chatbot ÷ customer-service, per metric (empty unless both played). */
  rows: Type.Array(
    Type.Object({
      metric: Type.String(),
      perEnrolledUserDay: BasisFigures,
      perActiveUserDay: BasisFigures,
      /** The analytic ratios of a bot with the other reply style (not played). */
      otherReplyStyle: Type.Union([Type.Object({ replyStyle: Type.String(), perEnrolledUserDay: MaybeNumber, perActiveUserDay: MaybeNumber }), Type.Null()]),
    }),
  ),
});
export type LoadPerUserDaySummary = Static<typeof LoadPerUserDaySummarySchema>;
