import { type Static, Type } from '@sinclair/typebox';
import { USER_DAY_METRICS, type UserDayLoad, type UserDayMetric, type UserDayRow } from '../traffic/user-day-load.js';
import { usToMs } from '../units.js';
import { OP_KINDS, type ShapeName } from '../vocabulary.js';
import { type PointMeasure, shapeOf, type ShapeMeasure } from './point-measure.js';
import { FigureIntervalSchema, figureInterval, ratioInterval } from './replicate-interval.js';

/**
 * The headline's first table from simulated whole days (issue 11 §1), next to the analytic
 * profile: per enrolled user-day = the day's count ÷ enrolled users; per active user-day = that
 * ÷ the shape's active share (the plan draws conversations at the rate users × share ×
 * conversations a day, it does not pick active users one by one). Each figure is the mean of
 * the replicates with its 95 % interval; the ratio pairs replicate i of each shape.
 */

/** How the sim counts a metric where it differs from the closed form's definition. */
export const SIM_DEFINITIONS: Partial<Record<UserDayMetric, string>> = {
  webhooks: 'sim: updates the business received (read statuses for mock.webhooks.readProbability of messages); analytic: 1 per inbound + 3 per outbound',
  platformBytes: 'sim: modelled wire bytes of calls, answers and webhook bodies; analytic: §4.3 envelope estimate + text',
  mediaBytes: "sim: answer bytes of the bot's media fetches (metadata + download); analytic: users' media + the chatbot's outbound images",
  serviceTimeMs: 'sim: slot time of every call (media: metadata + download); analytic: mean service time × operations',
};

/** A metric's count in one whole-day run of one shape. */
export function dayCountOf(metric: UserDayMetric, s: ShapeMeasure, measure: PointMeasure): number {
  const out = s.sent.send + s.sent.template + s.sent.interactive;
  switch (metric) {
    case 'conversations':
      return s.conversations;
    case 'messagesIn':
      return s.sent.inbound;
    case 'messagesOut':
      return out;
    case 'messagesTotal':
      return s.sent.inbound + out;
    case 'platformOps':
      return OP_KINDS.reduce((n, kind) => n + s.sent[kind], 0);
    case 'webhooks':
      return s.webhookUpdates;
    case 'platformBytes':
      return s.bytesSent + s.bytesReceived + s.webhookBytes;
    case 'mediaBytes':
      return s.mediaBytesReceived;
    case 'serviceTimeMs':
      // One shape per study run, so the platform's busy time is this shape's.
      return usToMs(measure.platform?.busyUs ?? 0);
    default:
      return s.sent[metric.slice(4) as (typeof OP_KINDS)[number]];
  }
}

const Ratio = Type.Union([Type.Number(), Type.Null()]);
const ShapeFigureSchema = Type.Object({ sim: FigureIntervalSchema, analytic: Ratio });
const BasisSchema = Type.Object({ customerService: ShapeFigureSchema, chatbot: ShapeFigureSchema, ratio: ShapeFigureSchema });

export const UserDayStudyRowSchema = Type.Object({
  metric: Type.String(),
  perActiveUserDay: BasisSchema,
  perEnrolledUserDay: BasisSchema,
  definition: Type.Union([Type.String(), Type.Null()]),
});
export type UserDayStudyRow = Static<typeof UserDayStudyRowSchema>;

const FactorsSchema = Type.Object({ activityShareRatio: Ratio, conversationsRatio: Ratio, perConversationRatio: Ratio, product: Ratio });
export const UserDayDecompositionSchema = Type.Object({ metric: Type.String(), sim: FactorsSchema, analytic: FactorsSchema });
export type UserDayDecomposition = Static<typeof UserDayDecompositionSchema>;

export const UserDayStudySchema = Type.Object({
  replicates: Type.Object({ customerService: Type.Integer(), chatbot: Type.Integer() }),
  enrolledUsers: Type.Object({ customerService: Type.Number(), chatbot: Type.Number() }),
  activeShare: Type.Object({ customerService: Type.Number(), chatbot: Type.Number() }),
  chatbotReplyStyle: Type.String(),
  rows: Type.Array(UserDayStudyRowSchema),
  decomposition: Type.Array(UserDayDecompositionSchema),
});
export type UserDayStudy = Static<typeof UserDayStudySchema>;

/** The metrics whose enrolled ratio is decomposed. */
export const DECOMPOSED_METRICS: readonly UserDayMetric[] = ['messagesTotal', 'platformOps', 'webhooks', 'platformBytes', 'mediaBytes', 'serviceTimeMs'];

export interface DayRuns {
  readonly users: number;
  readonly measures: readonly PointMeasure[];
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** A figure JSON can hold: 0 ÷ 0 and x ÷ 0 (an operation neither shape makes) become null. */
export const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

function perEnrolled(metric: UserDayMetric, shape: ShapeName, runs: DayRuns): number[] {
  return runs.measures.flatMap((m) => {
    const s = shapeOf(m, shape);
    return s === undefined ? [] : [dayCountOf(metric, s, m) / runs.users];
  });
}

/** The study's user-day tables from whole-day runs of each shape, beside the analytic `load` (its rows as written). */
export function userDayStudy(load: UserDayLoad, cs: DayRuns, chatbot: DayRuns): UserDayStudy {
  const csRow = load.rows.find((r) => r.shape === 'customer-service' && r.asWritten) as UserDayRow;
  const botRow = load.rows.find((r) => r.shape === 'general-chatbot' && r.asWritten) as UserDayRow;
  const shares = { cs: csRow.activeShare, bot: botRow.activeShare };
  const rows = USER_DAY_METRICS.map((metric): UserDayStudyRow => {
    const csEnrolled = perEnrolled(metric, 'customer-service', cs);
    const botEnrolled = perEnrolled(metric, 'general-chatbot', chatbot);
    const basis = (csValues: number[], botValues: number[], key: 'perActiveUserDay' | 'perEnrolledUserDay') => ({
      customerService: { sim: figureInterval(csValues), analytic: csRow[key][metric] },
      chatbot: { sim: figureInterval(botValues), analytic: botRow[key][metric] },
      ratio: { sim: ratioInterval(botValues, csValues), analytic: finiteOrNull(botRow[key][metric] / csRow[key][metric]) },
    });
    return {
      metric,
      perEnrolledUserDay: basis(csEnrolled, botEnrolled, 'perEnrolledUserDay'),
      perActiveUserDay: basis(
        csEnrolled.map((v) => v / shares.cs),
        botEnrolled.map((v) => v / shares.bot),
        'perActiveUserDay',
      ),
      definition: SIM_DEFINITIONS[metric] ?? null,
    };
  });
  const decomposition = DECOMPOSED_METRICS.map((metric): UserDayDecomposition => {
    const csConversations = mean(perEnrolled('conversations', 'customer-service', cs));
    const botConversations = mean(perEnrolled('conversations', 'general-chatbot', chatbot));
    const activityShareRatio = shares.bot / shares.cs;
    const conversationsRatio = botConversations / shares.bot / (csConversations / shares.cs);
    const perConversationRatio = mean(perEnrolled(metric, 'general-chatbot', chatbot)) / botConversations / (mean(perEnrolled(metric, 'customer-service', cs)) / csConversations);
    const analytic = load.comparisons.find((c) => c.chatbot === botRow.label)?.decomposition[metric];
    return {
      metric,
      sim: {
        activityShareRatio: finiteOrNull(activityShareRatio),
        conversationsRatio: finiteOrNull(conversationsRatio),
        perConversationRatio: finiteOrNull(perConversationRatio),
        product: finiteOrNull(activityShareRatio * conversationsRatio * perConversationRatio),
      },
      analytic: {
        activityShareRatio: finiteOrNull(analytic?.activityShareRatio),
        conversationsRatio: finiteOrNull(analytic?.conversationsRatio),
        perConversationRatio: finiteOrNull(analytic?.perConversationRatio),
        product: finiteOrNull(analytic?.product),
      },
    };
  });
  return {
    replicates: { customerService: cs.measures.length, chatbot: chatbot.measures.length },
    enrolledUsers: { customerService: cs.users, chatbot: chatbot.users },
    activeShare: { customerService: shares.cs, chatbot: shares.bot },
    chatbotReplyStyle: botRow.replyStyle ?? '',
    rows,
    decomposition,
  };
}
