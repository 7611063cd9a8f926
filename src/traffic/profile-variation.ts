import { Value } from '@sinclair/typebox/value';
import { ChatloadError } from '../errors.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import {
  CustomerServiceParamsSchema,
  GeneralChatbotParamsSchema,
  type ResolvedMixEntry,
  type ShapeName,
} from '../scenario/traffic-schema.js';

/**
 * Sensitivity runs for `chatload profile --vary`: one numeric parameter set to each of several
 * values. `chatbotShare` is the adoption share (general-chatbot weight s, customer-service 1 − s);
 * any other name is a numeric shape parameter (`activeShare`, `chunkChars`, …), applied to every
 * shape that has it, or to one shape when prefixed (`chatbot.activeShare`, `cs.activeShare`).
 */

export interface Variation {
  readonly param: string;
  /** Numbers, or words for `replyStyle` (split, chunked). */
  readonly values: readonly (number | string)[];
}

const REPLY_STYLES = ['split', 'chunked'] as const;
const isReplyStyleParam = (param: string): boolean => param === 'replyStyle' || param.endsWith('.replyStyle');

export const ADOPTION_PARAM = 'chatbotShare';

const SHAPE_ALIASES: Readonly<Record<string, ShapeName>> = {
  cs: 'customer-service',
  'customer-service': 'customer-service',
  chatbot: 'general-chatbot',
  'general-chatbot': 'general-chatbot',
};

const invalid = (message: string): ChatloadError => new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--vary: ${message}`);

/** Parses `param=v1,v2,…`. */
export function parseVariation(spec: string): Variation {
  const match = /^\s*([A-Za-z][\w.-]*)\s*=\s*(.+)$/.exec(spec);
  if (!match) throw invalid(`expected param=v1,v2,… (e.g. chatbotShare=0.02,0.1), got "${spec}"`);
  const param = match[1] as string;
  const texts = (match[2] as string).split(',').map((text) => text.trim());
  if (isReplyStyleParam(param)) {
    if (texts.some((text) => !(REPLY_STYLES as readonly string[]).includes(text))) throw invalid(`"${param}" takes split and/or chunked, got "${match[2]}"`);
    return { param, values: texts };
  }
  if (texts.some((text) => text === '' || !Number.isFinite(Number(text)))) throw invalid(`"${param}" needs numbers, got "${match[2]}"`);
  const values = texts.map(Number);
  return { param, values };
}

/**
 * A copy of the scenario with `param` set to `value`; refuses unknown params and out-of-range values.
 * `splitAtLimitShare` (0 or 1) is read as `replyStyle`, as the scenario loader does.
 */
export function applyVariation(scenario: ResolvedScenario, param: string, value: number | string): ResolvedScenario {
  if (param === 'splitAtLimitShare' || param.endsWith('.splitAtLimitShare')) {
    if (value !== 0 && value !== 1) {
      throw invalid(`${param}=${value}: one bot has one reply style; use replyStyle=split,chunked (or two mix entries / two scenarios)`);
    }
    return applyVariation(scenario, param.replace('splitAtLimitShare', 'replyStyle'), value === 1 ? 'split' : 'chunked');
  }
  const copy = structuredClone(scenario) as { -readonly [K in keyof ResolvedScenario]: ResolvedScenario[K] };
  const mix = copy.traffic.mix.map((entry) => ({ ...entry, params: { ...entry.params } }) as ResolvedMixEntry);
  if (param === ADOPTION_PARAM) {
    if (typeof value !== 'number' || !(value > 0 && value < 1)) throw invalid(`${ADOPTION_PARAM} must be strictly between 0 and 1, got ${value}`);
    const shapes = new Set(mix.map((entry) => entry.shape));
    if (!shapes.has('general-chatbot') || !shapes.has('customer-service')) {
      throw invalid(`${ADOPTION_PARAM} needs a mix with both customer-service and general-chatbot`);
    }
    copy.traffic = { mix: mix.map((entry) => ({ ...entry, weight: entry.shape === 'general-chatbot' ? value : 1 - value }) as ResolvedMixEntry) };
    return copy;
  }
  const dot = param.indexOf('.');
  const only = dot < 0 ? undefined : SHAPE_ALIASES[param.slice(0, dot)];
  if (dot >= 0 && only === undefined) throw invalid(`unknown shape "${param.slice(0, dot)}" (use cs or chatbot)`);
  const key = dot < 0 ? param : param.slice(dot + 1);
  let applied = 0;
  for (const entry of mix) {
    if (only !== undefined && entry.shape !== only) continue;
    const params = entry.params as unknown as Record<string, unknown>;
    if (typeof params[key] !== typeof value) continue;
    params[key] = value;
    const schema = entry.shape === 'customer-service' ? CustomerServiceParamsSchema : GeneralChatbotParamsSchema;
    const error = Value.Errors(schema, params).First();
    if (error) throw invalid(`${param}=${value}: ${error.message.toLowerCase()}`);
    applied += 1;
  }
  if (applied === 0) throw invalid(`no shape of this scenario has a numeric parameter "${key}"`);
  copy.traffic = { mix };
  return copy;
}
