import { serviceDemandOf } from '../platform/service-demand.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { ResolvedMixEntry } from '../scenario/traffic-schema.js';
import type { OpKind } from '../traffic/operation.js';
import { assignShapes } from '../traffic/population.js';
import { hourPolicyText, TIME_COMPRESSED_MARK, type TimeBase } from '../traffic/time-base.js';
import { userDayLoad } from '../traffic/user-day-load.js';
import { preRollUsOf } from '../traffic/steady-state.js';
import { historyOfEngine, type OpWeights, type WindowPlan, windowCountStats } from '../traffic/window-counts.js';
import { usToSeconds } from '../units.js';
import { type ByMetric, type Estimate, loadMultiplier, MULTIPLIER_METRICS, type MultiplierMetric, type ShapeWindow } from './load-multiplier.js';
import type { SeriesSummary, WebhookSummary } from './summary-schema.js';
import type { LoadPerUserDaySummary, TimeBaseSummary } from './user-day-schema.js';

/**
 * summary.json's time base and load per user-day, from a run's scenario and its counted series:
 * the scenario gives each shape's enrolled users, analytic per-user-day load and window share
 * (traffic/), the series the counts; load-multiplier.ts does the arithmetic.
 */

const OUTBOUND: OpWeights = { send: 1, template: 1, interactive: 1 };
/** Op weights of each counted metric (webhooks: the model's one per inbound, three statuses per outbound). */
const METRIC_OPS: Readonly<Record<Exclude<MultiplierMetric, 'conversations'>, OpWeights>> = {
  messagesIn: { inbound: 1 },
  messagesOut: OUTBOUND,
  messagesTotal: { inbound: 1, ...OUTBOUND },
  platformOps: { inbound: 1, send: 1, read: 1, typing: 1, template: 1, interactive: 1, media: 1 },
  webhooks: { inbound: 1, send: 3, template: 3, interactive: 3 },
};

/** The window a run's counts cover: the planned duration, or less when it stopped early. */
export const countedWindowUs = (scenario: Pick<ResolvedScenario, 'durationUs'>, elapsedUs: number): number => Math.min(scenario.durationUs, elapsedUs);

export function timeBaseSummary(base: TimeBase): TimeBaseSummary {
  return {
    compressed: base.compressed,
    mark: base.compressed ? TIME_COMPRESSED_MARK : null,
    dayInSeconds: usToSeconds(base.dayInUs),
    startHour: base.startHour,
    playedHours: base.playedHours,
    hourPolicy: base.hourPolicy,
    hourPolicyText: hourPolicyText(base),
    shapes: base.shapes.map((s) => ({ shape: s.shape, timezones: s.timezones.map((z) => ({ ...z })), peakHour: s.peakHour, windowShareOfDay: s.windowShareOfDay, coversPeak: s.coversPeak })),
  };
}

const zeroMetrics = (): Record<MultiplierMetric, number> => Object.fromEntries(MULTIPLIER_METRICS.map((m) => [m, 0])) as Record<MultiplierMetric, number>;

function countedOf(shape: string, series: readonly SeriesSummary[], webhooks: WebhookSummary): ByMetric<number | null> {
  const sent = (op: OpKind | '*') => series.find((s) => s.key === `${shape}/${op}`)?.sent ?? 0;
  const sum = (weights: OpWeights) => Object.entries(weights).reduce((total, [op, w]) => total + (w ?? 0) * sent(op as OpKind), 0);
  const hooks = webhooks.measured ? (webhooks.shapes.find((w) => w.shape === shape)?.updates ?? 0) : null;
  return {
    conversations: series.find((s) => s.key === `${shape}/*`)?.conversationsStarted ?? 0,
    messagesIn: sum(METRIC_OPS.messagesIn),
    messagesOut: sum(METRIC_OPS.messagesOut),
    messagesTotal: sum(METRIC_OPS.messagesTotal),
    platformOps: sent('*'),
    webhooks: hooks,
  };
}

/** One ShapeWindow per shape name: its mix entries' users, analytic figures and variances added. */
function shapeWindows(scenario: ResolvedScenario, base: TimeBase, plan: WindowPlan, series: readonly SeriesSummary[], webhooks: WebhookSummary): ShapeWindow[] {
  const { mix } = scenario.traffic;
  const blocks = assignShapes(scenario.users, mix.map((e) => e.weight));
  const rows = userDayLoad(scenario, serviceDemandOf(scenario.mock.capacity).meanMsPerOp).rows.filter((r) => r.asWritten);
  const names = [...new Set(mix.map((e) => e.shape))];
  return names.map((shape) => {
    let users = 0;
    let active = 0;
    const perDay = zeroMetrics();
    const inWindow = zeroMetrics();
    const variance = zeroMetrics();
    mix.forEach((entry: ResolvedMixEntry, mixIndex) => {
      if (entry.shape !== shape) return;
      const n = blocks[mixIndex]?.userCount ?? 0;
      const row = rows.find((r) => r.mixIndex === mixIndex);
      const share = base.shapes[mixIndex]?.windowShareOfDay ?? 0;
      const stats = { conversations: { offeredShare: 1, dispersion: 1 }, ...windowCountStats(entry, plan, METRIC_OPS) };
      users += n;
      active += n * entry.params.activeShare;
      for (const m of MULTIPLIER_METRICS) {
        const day = n * (row?.perEnrolledUserDay[m] ?? 0);
        const offered = day * share * stats[m].offeredShare;
        perDay[m] += day;
        inWindow[m] += offered;
        variance[m] += offered * stats[m].dispersion;
      }
    });
    const per = (x: Record<MultiplierMetric, number>) => Object.fromEntries(MULTIPLIER_METRICS.map((m) => [m, users > 0 ? x[m] / users : 0])) as ByMetric<number>;
    return {
      shape,
      enrolledUsers: users,
      activeShare: users > 0 ? active / users : 0,
      counted: countedOf(shape, series, webhooks),
      perEnrolledUserDay: per(perDay),
      perEnrolledUserInWindow: per(inWindow),
      dispersion: Object.fromEntries(MULTIPLIER_METRICS.map((m) => [m, inWindow[m] > 0 ? variance[m] / inWindow[m] : 1])) as ByMetric<number>,
    };
  });
}

function basisText(engine: 'live' | 'sim', level: number): string {
  const offered =
    engine === 'live'
      ? 'a live run’s mock starts empty, so conversations under way join at their next user message and replies to earlier messages are not sent: “expected” is what such a run offers'
      : '“expected” is what the run offers, the pre-roll played';
  return (
    'counted over the run window (operations sent: offered), scaled to a day by the window’s expected share of the day (each shape’s hourly curve over the played hours, from the traffic model); ' +
    `${offered}; webhook statuses still due at the end are not counted; ` +
    'per active user-day = per enrolled user-day ÷ the scenario’s activity share (a run cannot tell an active user from the window); ' +
    `intervals ${Math.round(level * 100)} % from the counts’ compound-Poisson noise (dispersion from the traffic model), not the parameters’ uncertainty (chatload profile --sensitivity); analytic = chatload profile`
  );
}

const orNull = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
const estimate = (e: Estimate): Estimate => ({ value: orNull(e.value), low: orNull(e.low), high: orNull(e.high) });

/** The load per user-day section of a run that covered the whole population (a shard's counts do not: merge first). */
export function loadPerUserDaySummary(
  run: { readonly scenario: ResolvedScenario; readonly engine: 'live' | 'sim'; readonly windowUs: number; readonly base: TimeBase },
  series: readonly SeriesSummary[],
  webhooks: WebhookSummary,
): LoadPerUserDaySummary {
  const { scenario, windowUs, base } = run;
  const plan: WindowPlan = { windowUs, preRollUs: preRollUsOf(scenario), history: historyOfEngine(run.engine) };
  const windows = shapeWindows(scenario, base, plan, series, webhooks);
  const multiplier = loadMultiplier(windows);
  const chatbots = scenario.traffic.mix.filter((e) => e.shape === 'general-chatbot');
  const load = userDayLoad(scenario, serviceDemandOf(scenario.mock.capacity).meanMsPerOp);
  // The bot with the other reply style, analytic only: when the run has one chatbot and one customer service.
  const single = chatbots.length === 1 && scenario.traffic.mix.filter((e) => e.shape === 'customer-service').length === 1;
  const otherRow = single ? load.rows.find((r) => r.shape === 'general-chatbot' && !r.asWritten) : undefined;
  const other = otherRow === undefined ? undefined : load.comparisons.find((c) => c.chatbot === otherRow.label);
  return {
    basis: basisText(run.engine, multiplier.level),
    level: multiplier.level,
    windowSeconds: usToSeconds(windowUs),
    replyStyle: chatbots.length === 1 ? (chatbots[0]?.params.replyStyle ?? null) : null,
    shapes: multiplier.shapes.map((s) => ({
      shape: s.shape,
      enrolledUsers: s.enrolledUsers,
      activeShare: s.activeShare,
      errors: series.find((x) => x.key === `${s.shape}/*`)?.errors ?? 0,
      metrics: Object.fromEntries(
        MULTIPLIER_METRICS.map((m) => {
          const f = s.metrics[m];
          return [m, { counted: f.counted, expected: f.expected, perEnrolledUserDay: { measured: estimate(f.perEnrolledUserDay.measured), analytic: orNull(f.perEnrolledUserDay.analytic) }, perActiveUserDay: { measured: estimate(f.perActiveUserDay.measured), analytic: orNull(f.perActiveUserDay.analytic) } }];
        }),
      ),
    })),
    rows: multiplier.rows.map((r) => ({
      metric: r.metric,
      perEnrolledUserDay: { measured: estimate(r.perEnrolledUserDay.measured), analytic: orNull(r.perEnrolledUserDay.analytic) },
      perActiveUserDay: { measured: estimate(r.perActiveUserDay.measured), analytic: orNull(r.perActiveUserDay.analytic) },
      otherReplyStyle:
        other === undefined
          ? null
          : { replyStyle: otherRow?.replyStyle ?? '', perEnrolledUserDay: orNull(other.perEnrolledUserDay[r.metric]), perActiveUserDay: orNull(other.perActiveUserDay[r.metric]) },
    })),
  };
}
