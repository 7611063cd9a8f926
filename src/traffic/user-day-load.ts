import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { ReplyStyle, ResolvedMixEntry } from '../scenario/traffic-schema.js';
import { expectedConversation } from './conversation-expectations.js';
import { dayFactor } from './diurnal-curve.js';
import { figuresOf, type LoadFigures } from './load-figures.js';
import { OP_KINDS, type OpKind, type ShapeName } from './operation.js';

/**
 * The headline's first table (issue 11 §1): the load one user causes per day, on two bases —
 * per *active* user-day (a day the user writes) and per *enrolled* user-day (any user of the
 * business, active or not) — for each shape, the chatbot under both reply styles, and chatbot ÷
 * customer service. The enrolled ratio factors exactly into
 *   (activity-share ratio) × (conversations-per-active-day ratio) × (per-conversation ratio),
 * because per enrolled user-day = activeShare × conversations per active day × per conversation.
 * Analytic (conversation-expectations.ts), so it takes milliseconds.
 */

export const USER_DAY_METRICS = [
  'conversations',
  'messagesIn',
  'messagesOut',
  'messagesTotal',
  'platformOps',
  ...OP_KINDS.map((kind) => `ops.${kind}` as const),
  'webhooks',
  'platformBytes',
  'mediaBytes',
  'serviceTimeMs',
] as const;
export type UserDayMetric = (typeof USER_DAY_METRICS)[number];
export type UserDayFigures = Readonly<Record<UserDayMetric, number>>;

export interface UserDayRow {
  /** "customer-service", "general-chatbot · split", "general-chatbot · chunked". */
  readonly label: string;
  readonly shape: ShapeName;
  readonly mixIndex: number;
  /** The chatbot's reply style for this row; undefined for customer service. */
  readonly replyStyle: ReplyStyle | undefined;
  /** Whether this row is the scenario as written (the other reply style is an added row). */
  readonly asWritten: boolean;
  readonly activeShare: number;
  /** Conversations per active user-day, the day factor (weekend) applied. */
  readonly conversationsPerActiveDay: number;
  readonly perConversation: UserDayFigures;
  readonly perActiveUserDay: UserDayFigures;
  readonly perEnrolledUserDay: UserDayFigures;
}

/** The enrolled ratio of one metric and the three factors it is the product of. */
export interface RatioDecomposition {
  readonly activityShareRatio: number;
  readonly conversationsRatio: number;
  readonly perConversationRatio: number;
  readonly product: number;
  readonly enrolledRatio: number;
  /** |product ÷ enrolled ratio − 1| ≤ 1e-9: the factors multiply out. */
  readonly multipliesOut: boolean;
}

export interface UserDayComparison {
  readonly chatbot: string;
  readonly customerService: string;
  readonly perActiveUserDay: UserDayFigures;
  readonly perEnrolledUserDay: UserDayFigures;
  readonly decomposition: Readonly<Record<UserDayMetric, RatioDecomposition>>;
}

export interface UserDayLoad {
  readonly day: 'weekday' | 'weekend';
  readonly rows: readonly UserDayRow[];
  /** Each chatbot row ÷ the first customer-service row (empty unless the mix has both). */
  readonly comparisons: readonly UserDayComparison[];
  /** Mean service time per op of each kind the figures used (ms); all 0 when the scenario models none. */
  readonly serviceMsPerOp: Readonly<Record<OpKind, number>>;
}

function metricsOf(value: (metric: UserDayMetric) => number): UserDayFigures {
  // A plain loop: sensitivity runs build these tens of thousands of times.
  const out = {} as Record<UserDayMetric, number>;
  for (const metric of USER_DAY_METRICS) out[metric] = value(metric);
  return out;
}

/** Per-conversation figures of one mix entry, service time included. */
export function perConversationFigures(entry: ResolvedMixEntry, serviceMsPerOp: Readonly<Record<OpKind, number>>): UserDayFigures {
  const figures: LoadFigures = figuresOf(expectedConversation(entry));
  const platformOps = OP_KINDS.reduce((sum, kind) => sum + figures.ops[kind], 0);
  const serviceTimeMs = OP_KINDS.reduce((sum, kind) => sum + figures.ops[kind] * serviceMsPerOp[kind], 0);
  return metricsOf((metric) => {
    if (metric === 'platformOps') return platformOps;
    if (metric === 'serviceTimeMs') return serviceTimeMs;
    if (metric.startsWith('ops.')) return figures.ops[metric.slice(4) as OpKind];
    return figures[metric as Exclude<UserDayMetric, 'platformOps' | 'serviceTimeMs' | `ops.${string}`>];
  });
}

const scale = (figures: UserDayFigures, factor: number): UserDayFigures => metricsOf((metric) => figures[metric] * factor);

function rowOf(entry: ResolvedMixEntry, mixIndex: number, day: UserDayLoad['day'], serviceMsPerOp: Readonly<Record<OpKind, number>>, asWritten: boolean): UserDayRow {
  const replyStyle = entry.shape === 'general-chatbot' ? entry.params.replyStyle : undefined;
  const perConversation = perConversationFigures(entry, serviceMsPerOp);
  const conversationsPerActiveDay = entry.params.conversationsPerActiveUserDay * dayFactor(day, entry.params.weekendFactor);
  const perActiveUserDay = scale(perConversation, conversationsPerActiveDay);
  return {
    label: replyStyle === undefined ? entry.shape : `${entry.shape} · ${replyStyle}`,
    shape: entry.shape,
    mixIndex,
    replyStyle,
    asWritten,
    activeShare: entry.params.activeShare,
    conversationsPerActiveDay,
    perConversation,
    perActiveUserDay,
    perEnrolledUserDay: scale(perActiveUserDay, entry.params.activeShare),
  };
}

const OTHER_STYLE: Readonly<Record<ReplyStyle, ReplyStyle>> = { split: 'chunked', chunked: 'split' };

/** Rows for every mix entry (a chatbot also under the other reply style), and chatbot ÷ customer service. */
export function userDayLoad(
  scenario: Pick<ResolvedScenario, 'traffic' | 'clock'>,
  serviceMsPerOp: Readonly<Record<OpKind, number>>,
): UserDayLoad {
  const day = scenario.clock.day;
  const rows = scenario.traffic.mix.flatMap((entry, mixIndex): UserDayRow[] => {
    const written = rowOf(entry, mixIndex, day, serviceMsPerOp, true);
    if (entry.shape !== 'general-chatbot') return [written];
    const other: ResolvedMixEntry = { ...entry, params: { ...entry.params, replyStyle: OTHER_STYLE[entry.params.replyStyle] } };
    const rowsOfBoth = [written, rowOf(other, mixIndex, day, serviceMsPerOp, false)];
    // Always split first, so tables read the same whichever style the scenario chose.
    return rowsOfBoth.sort((a, b) => (a.replyStyle === 'split' ? -1 : 0) - (b.replyStyle === 'split' ? -1 : 0));
  });
  const cs = rows.find((row) => row.shape === 'customer-service');
  const comparisons = cs === undefined ? [] : rows.filter((row) => row.shape === 'general-chatbot').map((chatbot) => compare(chatbot, cs));
  return { day, rows, comparisons, serviceMsPerOp };
}

const ratio = (a: number, b: number): number => (b === 0 ? (a === 0 ? Number.NaN : Number.POSITIVE_INFINITY) : a / b);

function compare(chatbot: UserDayRow, cs: UserDayRow): UserDayComparison {
  const activityShareRatio = ratio(chatbot.activeShare, cs.activeShare);
  const conversationsRatio = ratio(chatbot.conversationsPerActiveDay, cs.conversationsPerActiveDay);
  const decomposition = Object.fromEntries(
    USER_DAY_METRICS.map((metric) => {
      const perConversationRatio = ratio(chatbot.perConversation[metric], cs.perConversation[metric]);
      const product = activityShareRatio * conversationsRatio * perConversationRatio;
      const enrolledRatio = ratio(chatbot.perEnrolledUserDay[metric], cs.perEnrolledUserDay[metric]);
      const multipliesOut = Number.isFinite(enrolledRatio) ? Math.abs(product / enrolledRatio - 1) <= 1e-9 : product === enrolledRatio;
      return [metric, { activityShareRatio, conversationsRatio, perConversationRatio, product, enrolledRatio, multipliesOut }];
    }),
  ) as Record<UserDayMetric, RatioDecomposition>;
  return {
    chatbot: chatbot.label,
    customerService: cs.label,
    perActiveUserDay: metricsOf((metric) => ratio(chatbot.perActiveUserDay[metric], cs.perActiveUserDay[metric])),
    perEnrolledUserDay: metricsOf((metric) => ratio(chatbot.perEnrolledUserDay[metric], cs.perEnrolledUserDay[metric])),
    decomposition,
  };
}
