import type { Distribution } from '../scenario/distribution-schema.js';
import type { CustomerServiceParams, GeneralChatbotParams, ResolvedMixEntry, ShapeName } from '../scenario/traffic-schema.js';
import { lognormalParams, meanOf } from './distributions.js';

/**
 * The research ranges of the traffic parameters the per-user-day ratio rests on, in one table:
 * each with the source of its range ([Sn] from shared/research/traffic-profiles.md, or
 * "estimate:" with the reasoning). Sensitivity (one at a time) and the joint interval (all
 * together) read them from here. The activity shares' ranges come from the evidence search of
 * docs/evidence/activity-shares.md (sources [E1]–[E33] with their URLs and quoted figures); no
 * source measures either share directly, so both stay estimates bounded by those sources.
 */
export interface ParameterRange {
  /** `cs.activeShare`, `chatbot.turnsMean`, … */
  readonly id: string;
  readonly shape: ShapeName;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  readonly source: string;
  /** The parameter's value in the given shape parameters. */
  read(params: ResolvedMixEntry['params']): number;
  /** Shape parameters with the value set (a new object; the input is not changed). */
  apply(params: ResolvedMixEntry['params'], value: number): ResolvedMixEntry['params'];
}

type Params = ResolvedMixEntry['params'];

const scalar = <K extends string>(key: K) => ({
  read: (params: Params) => (params as unknown as Record<K, number>)[key],
  apply: (params: Params, value: number): Params => ({ ...params, [key]: value }) as Params,
});

/** The mean of a geometric count (CS user messages). */
const geometricMean = (key: 'userMessages') => ({
  read: (params: Params) => meanOf((params as CustomerServiceParams)[key]),
  apply: (params: Params, value: number): Params => {
    const d = (params as CustomerServiceParams)[key];
    if (d.dist !== 'geometric') throw new RangeError(`${key} is ${d.dist}, not geometric: its mean cannot be set`);
    return { ...params, [key]: { ...d, mean: value } } as Params;
  },
});

/** The median of a lognormal (reply length), keeping σ and the cap. */
const lognormalMedian = (key: 'replyChars') => ({
  read: (params: Params) => Math.exp(lognormalParams(lognormalOf(params, key)).mu),
  apply: (params: Params, value: number): Params => {
    const { sigma, max } = lognormalParams(lognormalOf(params, key));
    const d: Distribution = Number.isFinite(max) ? { dist: 'lognormal', mu: Math.log(value), sigma, max } : { dist: 'lognormal', mu: Math.log(value), sigma };
    return { ...params, [key]: d } as Params;
  },
});

function lognormalOf(params: Params, key: 'replyChars'): Extract<Distribution, { dist: 'lognormal' }> {
  const d = (params as GeneralChatbotParams)[key];
  if (d.dist !== 'lognormal') throw new RangeError(`${key} is ${d.dist}, not lognormal`);
  return d;
}

/** Chatbot turns: the multi-turn share scaled by f, so the mean is 1 + f (m − 1) and the tail keeps its shape. */
const turnsMean = {
  read: (params: Params) => meanOf((params as GeneralChatbotParams).turns),
  apply: (params: Params, value: number): Params => {
    const turns = (params as GeneralChatbotParams).turns;
    if (turns.dist !== 'empirical') throw new RangeError('turns is not an empirical table: its mean cannot be set');
    const total = turns.weights.reduce((a, b) => a + b, 0);
    const factor = (value - 1) / (meanOf(turns) - 1);
    const weights = turns.values.map((v, i) => ((turns.weights[i] ?? 0) / total) * (v === 1 ? 1 : factor));
    const single = turns.values.indexOf(1);
    if (single < 0) throw new RangeError('turns has no 1-turn entry to balance');
    weights[single] = 1 - weights.reduce((sum, w, i) => (i === single ? sum : sum + w), 0);
    if ((weights[single] ?? 0) < 0) throw new RangeError(`a mean of ${value} turns leaves no single-turn conversations`);
    return { ...params, turns: { ...turns, weights } } as Params;
  },
};

/** Chatbot user messages per turn, 1 or 2: mean m = 1 + P(2). */
const messagesPerTurnMean = {
  read: (params: Params) => meanOf((params as GeneralChatbotParams).userMessagesPerTurn),
  apply: (params: Params, value: number): Params => ({ ...params, userMessagesPerTurn: { dist: 'empirical', values: [1, 2], weights: [2 - value, value - 1] } }) as Params,
};

/** One media kind's share of user messages. */
const mediaShare = (kind: 'image' | 'voice') => ({
  read: (params: Params) => params.userMedia[kind] ?? 0,
  apply: (params: Params, value: number): Params => ({ ...params, userMedia: { ...params.userMedia, [kind]: value } }) as Params,
});

export const PARAMETER_RANGES: readonly ParameterRange[] = [
  {
    id: 'cs.activeShare',
    shape: 'customer-service',
    label: 'CS: share of enrolled users active a day',
    low: 0.0015,
    high: 0.02,
    source:
      'estimate: 0.15–2 % (docs/evidence/activity-shares.md §2): low = a base that contacts once in two years (1/730 + notifications); high = a fifth of customers on ≈5 contact-days a year, as telecom surveys suggest [E7]; ' +
      'ordinary B2C services ≈1–2.5 contacts per customer-year ("1.8 and 2.5 calls per subscriber per year" [E1]); no WhatsApp figure exists',
    ...scalar('activeShare'),
  },
  {
    id: 'chatbot.activeShare',
    shape: 'general-chatbot',
    label: 'chatbot: share of enrolled users active a day',
    low: 0.03,
    high: 0.2,
    source:
      'estimate: 3–20 % (docs/evidence/activity-shares.md §3): low = Zapia\'s monthly/enrolled 0.2 ("supera el millón de usuarios mensuales" of "cinco millones" [E12][E13]) × ChatGPT DAU/MAU "around 5 days" a month in 2023 [E14]; ' +
      'high = Luzia\'s launch year, 3 B requests by ≈7–10 M average users [S14] (a young, viral base); no DAU of any WhatsApp assistant is published',
    ...scalar('activeShare'),
  },
  {
    id: 'chatbot.conversationsPerActiveUserDay',
    shape: 'general-chatbot',
    label: 'chatbot: conversations per active day',
    low: 2.4,
    high: 4.8,
    source: 'estimate: 3.7 user messages per WAU per day [S1] ÷ DAU/WAU 0.6–0.3 (estimate) ÷ 2.6 messages per conversation (§3.1)',
    ...scalar('conversationsPerActiveUserDay'),
  },
  {
    id: 'cs.conversationsPerActiveUserDay',
    shape: 'customer-service',
    label: 'CS: conversations per active day',
    low: 1,
    high: 1.5,
    source: 'estimate: most issues close in one session, some re-open (§3.1)',
    ...scalar('conversationsPerActiveUserDay'),
  },
  {
    id: 'chatbot.turnsMean',
    shape: 'general-chatbot',
    label: 'chatbot: turns per conversation (mean)',
    low: 2,
    high: 2.54,
    source: 'LMSYS-Chat-1M 2.0 [S3] – WildChat paper 2.52–2.54 [S4]; the multi-turn share is scaled, the tail keeps its shape',
    ...turnsMean,
  },
  {
    id: 'chatbot.userMessagesPerTurn',
    shape: 'general-chatbot',
    label: 'chatbot: user messages per turn (mean)',
    low: 1,
    high: 1.3,
    source: 'estimate: 1 + Bernoulli(0–0.3); bots debounce ≈15 s to merge bursts [S26]',
    ...messagesPerTurnMean,
  },
  {
    id: 'chatbot.replyCharsMedian',
    shape: 'general-chatbot',
    label: 'chatbot: reply length median (chars)',
    low: 715,
    high: 1380,
    source: '2–10 % of replies over 4,096 chars (§3.6, fitted to WildChat/LMSYS/Azure [S3][S4][S7]) at σ 0.85',
    ...lognormalMedian('replyChars'),
  },
  {
    id: 'chatbot.voiceShare',
    shape: 'general-chatbot',
    label: 'chatbot: voice-note share of user messages',
    low: 0.04,
    high: 0.12,
    source: 'estimate: Luzia grew on voice-note transcription [S14c]; WhatsApp-wide ≈7 % voice [S17b][S17a]',
    ...mediaShare('voice'),
  },
  {
    id: 'cs.userMessages',
    shape: 'customer-service',
    label: 'CS: user messages per user-opened conversation (mean)',
    low: 3,
    high: 5.5,
    source: 'estimate: MultiWOZ ≈5.5 user turns per human–human dialogue [S21] as the top; a bot shortens it (Klarna [S19])',
    ...geometricMean('userMessages'),
  },
  {
    id: 'cs.botResolvedShare',
    shape: 'customer-service',
    label: 'CS: resolved by the bot alone',
    low: 0.5,
    high: 0.7,
    source: '50–70 % typical [S20]; Klarna 2/3 [S19]',
    ...scalar('botResolvedShare'),
  },
  {
    id: 'cs.userOpenedShare',
    shape: 'customer-service',
    label: 'CS: user-opened conversations',
    low: 0.5,
    high: 0.9,
    source: 'estimate: no published split; templates are needed outside the 24-hour window [S28] (§3.2)',
    ...scalar('userOpenedShare'),
  },
  {
    id: 'cs.templateReplyRate',
    shape: 'customer-service',
    label: 'CS: templates that get a reply',
    low: 0.1,
    high: 0.5,
    source: 'estimate (§1)',
    ...scalar('templateReplyRate'),
  },
  {
    id: 'cs.botMessagesPerUserMessage',
    shape: 'customer-service',
    label: 'CS: bot messages per user message',
    low: 1,
    high: 1.6,
    source: 'estimate: text, plus buttons/list in some answers (§1)',
    ...scalar('botMessagesPerUserMessage'),
  },
  {
    id: 'cs.humanMessagesPerUserMessage',
    shape: 'customer-service',
    label: 'CS: agent messages per user message',
    low: 1,
    high: 1.3,
    source: 'estimate (§1)',
    ...scalar('humanMessagesPerUserMessage'),
  },
  {
    id: 'cs.imageShare',
    shape: 'customer-service',
    label: 'CS: image share of user messages',
    low: 0.03,
    high: 0.12,
    source: 'estimate: WhatsApp-wide photos ≈8 % of messages (2017 [S17c]) around the 6 % point (§3.5)',
    ...mediaShare('image'),
  },
];
