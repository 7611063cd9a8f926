import { serviceDemandOf } from '../platform/service-demand.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { PARAMETER_RANGES } from '../traffic/parameter-ranges.js';
import { profileScenario } from '../traffic/profile.js';
import { type UserDayRow, userDayLoad } from '../traffic/user-day-load.js';
import { SECONDS_PER_DAY } from '../units.js';

/**
 * The projection to WhatsApp scale (issue 11 §5): the load general-chatbot users would add to
 * the Business Platform, from sourced population figures and chatload's own per-user-day
 * figures (traffic/user-day-load.ts), for a range of adoption shares and for the affected
 * assistants' public user counts — plus Meta's argument as one number: how many business
 * numbers at a throughput tier one assistant needs at its peak. Every input carries its source
 * or "estimate:". Capacity at the SLO is an input (`capacityPerSlot`) for measured or simulated
 * figures; nothing here invents it.
 */

export interface SourcedValue {
  readonly value: number;
  readonly source: string;
}

export interface Assistant {
  readonly name: string;
  /** People who have used it on WhatsApp (cumulative): the chatbot shape's *enrolled* users. */
  readonly users: SourcedValue;
}

export interface ProjectionInputs {
  readonly whatsappMonthlyUsers: SourcedValue;
  readonly whatsappMessagesPerDay: SourcedValue;
  /** Shares of WhatsApp's monthly users enrolled with a general chatbot on the Business API. */
  readonly adoptionShares: readonly SourcedValue[];
  readonly assistants: readonly Assistant[];
  /** Messages per second per business number (in + out). */
  readonly throughputTiers: readonly SourcedValue[];
  /** Platform operations per second one service slot carries at the SLO; undefined until measured. */
  readonly capacityPerSlot: SourcedValue | undefined;
}

export const PROJECTION_INPUTS: ProjectionInputs = {
  whatsappMonthlyUsers: { value: 3e9, source: '[S17f] WhatsApp >3 B monthly users, Meta Q1 2025 earnings call (scale-and-distribution §4)' },
  whatsappMessagesPerDay: { value: 1e11, source: '[S17a] ≈100 B messages a day platform-wide, Q3 2020 call (scale-and-distribution §4)' },
  adoptionShares: [
    { value: 0.005, source: 'estimate: a low bound' },
    { value: 50e6 / 3e9, source: 'ChatGPT on WhatsApp\'s 50 M cumulative users [S13b] ÷ 3 B [S17f]' },
    { value: 0.05, source: 'estimate' },
    { value: 0.1, source: 'estimate' },
    { value: 1 / 3, source: 'estimate as a ceiling: Meta AI\'s ≈1 B monthly users across Meta\'s apps ÷ 3 B (scale-and-distribution §4)' },
  ],
  assistants: [
    { name: 'ChatGPT on WhatsApp', users: { value: 50e6, source: '[S13b] OpenAI, Oct 2025: "more than 50 million people" have used it — cumulative, not active' } },
    { name: 'Luzia', users: { value: 16.1e6, source: '16.1 M users after 7 months, 2023 (scale-and-distribution §4); 20 M after 8 months [S14]' } },
  ],
  throughputTiers: [
    { value: 80, source: 'default per business number, in + out [S12] (whatsapp-api §4.1)' },
    { value: 1000, source: 'after the automatic upgrade, in + out (whatsapp-api §4.1, DFB/throughput)' },
  ],
  capacityPerSlot: undefined,
};

/** Load of N enrolled users of one shape: per day, on average and at the shape's peak hour. */
export interface PopulationLoad {
  readonly enrolledUsers: number;
  readonly messagesPerDay: number;
  readonly averageMessagesPerSecond: number;
  readonly peakMessagesPerSecond: number;
  readonly peakWebhooksPerSecond: number;
  readonly peakPlatformOpsPerSecond: number;
  readonly platformBytesPerDay: number;
  readonly mediaBytesPerDay: number;
  /** Slots at the SLO at the peak, when a capacity per slot is given. */
  readonly slotsAtSlo: number | undefined;
}

export function populationLoad(row: UserDayRow, enrolledUsers: number, peakMultiplier: number, capacityPerSlot: number | undefined): PopulationLoad {
  const perDay = (value: number) => value * enrolledUsers;
  const atPeak = (value: number) => (perDay(value) * peakMultiplier) / SECONDS_PER_DAY;
  const f = row.perEnrolledUserDay;
  const peakPlatformOpsPerSecond = atPeak(f.platformOps);
  return {
    enrolledUsers,
    messagesPerDay: perDay(f.messagesTotal),
    averageMessagesPerSecond: perDay(f.messagesTotal) / SECONDS_PER_DAY,
    peakMessagesPerSecond: atPeak(f.messagesTotal),
    peakWebhooksPerSecond: atPeak(f.webhooks),
    peakPlatformOpsPerSecond,
    platformBytesPerDay: perDay(f.platformBytes),
    mediaBytesPerDay: perDay(f.mediaBytes),
    slotsAtSlo: capacityPerSlot === undefined ? undefined : Math.ceil(peakPlatformOpsPerSecond / capacityPerSlot),
  };
}

export interface AdoptionRow {
  readonly adoption: SourcedValue;
  readonly replyStyle: string;
  readonly load: PopulationLoad;
  /** messagesPerDay ÷ WhatsApp's messages a day. */
  readonly shareOfWhatsAppMessages: number;
}

export interface AssistantRow {
  readonly assistant: Assistant;
  /** Which end of the chatbot activity-share range. */
  readonly activeShare: SourcedValue;
  readonly load: PopulationLoad;
  /** Business numbers needed at the peak, per throughput tier: ⌈peak msg/s ÷ tier⌉. */
  readonly numbersNeeded: readonly { readonly tier: number; readonly numbers: number }[];
}

export interface Projection {
  readonly inputs: ProjectionInputs;
  readonly chatbotPeakMultiplier: number;
  readonly chatbotPeakHour: number;
  readonly adoption: readonly AdoptionRow[];
  readonly assistants: readonly AssistantRow[];
  /** The same enrolled users as customer-service contacts, for scale (when the scenario has the shape). */
  readonly asCustomerService: readonly { readonly adoption: SourcedValue; readonly load: PopulationLoad }[];
}

/** ⌈peak messages per second ÷ tier⌉ business numbers. */
export const numbersAtTier = (peakMessagesPerSecond: number, tier: number): number => Math.ceil(peakMessagesPerSecond / tier - 1e-9);

export function project(scenario: ResolvedScenario, inputs: ProjectionInputs = PROJECTION_INPUTS): Projection {
  const load = userDayLoad(scenario, serviceDemandOf(scenario.mock.capacity).meanMsPerOp);
  const profile = profileScenario(scenario);
  const chatbotShape = profile.shapes.find((s) => s.shape === 'general-chatbot');
  if (chatbotShape === undefined) throw new RangeError('the projection needs a general-chatbot shape in the scenario');
  const csShape = profile.shapes.find((s) => s.shape === 'customer-service');
  const chatbotRows = load.rows.filter((r) => r.shape === 'general-chatbot' && r.mixIndex === chatbotShape.mixIndex);
  const written = chatbotRows.find((r) => r.asWritten) as UserDayRow;
  const csRow = load.rows.find((r) => r.shape === 'customer-service');
  const capacity = inputs.capacityPerSlot?.value;
  const mau = inputs.whatsappMonthlyUsers.value;
  const adoption = inputs.adoptionShares.flatMap((share) =>
    chatbotRows.map((row) => {
      const population = populationLoad(row, share.value * mau, chatbotShape.peak.multiplier, capacity);
      return { adoption: share, replyStyle: row.replyStyle ?? '', load: population, shareOfWhatsAppMessages: population.messagesPerDay / inputs.whatsappMessagesPerDay.value };
    }),
  );
  const range = PARAMETER_RANGES.find((r) => r.id === 'chatbot.activeShare');
  const activeShares: SourcedValue[] = [
    ...(range ? [{ value: range.low, source: `low end: ${range.source}` }] : []),
    { value: written.activeShare, source: 'as the scenario says' },
    ...(range ? [{ value: range.high, source: `high end: ${range.source}` }] : []),
  ];
  const assistants = inputs.assistants.flatMap((assistant) =>
    activeShares.map((activeShare) => {
      // Per enrolled user-day figures are activeShare × per active user-day: rescale to this share.
      const scaled: UserDayRow = { ...written, perEnrolledUserDay: scaleFigures(written, activeShare.value / written.activeShare) };
      const population = populationLoad(scaled, assistant.users.value, chatbotShape.peak.multiplier, capacity);
      return {
        assistant,
        activeShare,
        load: population,
        numbersNeeded: inputs.throughputTiers.map((tier) => ({ tier: tier.value, numbers: numbersAtTier(population.peakMessagesPerSecond, tier.value) })),
      };
    }),
  );
  const asCustomerService =
    csRow === undefined || csShape === undefined ? [] : inputs.adoptionShares.map((share) => ({ adoption: share, load: populationLoad(csRow, share.value * mau, csShape.peak.multiplier, capacity) }));
  return { inputs, chatbotPeakMultiplier: chatbotShape.peak.multiplier, chatbotPeakHour: chatbotShape.peak.hour, adoption, assistants, asCustomerService };
}

function scaleFigures(row: UserDayRow, factor: number): UserDayRow['perEnrolledUserDay'] {
  return Object.fromEntries(Object.entries(row.perEnrolledUserDay).map(([metric, value]) => [metric, value * factor])) as UserDayRow['perEnrolledUserDay'];
}
