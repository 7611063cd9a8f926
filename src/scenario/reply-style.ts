import type { PathIssue } from './scenario-checks.js';
import { fillDefaults } from './schema-defaults.js';
import { type GeneralChatbotParams, GeneralChatbotParamsSchema } from './traffic-schema.js';

/**
 * `splitAtLimitShare` (older files) drew split-vs-chunked per conversation, but one bot has one
 * behaviour: 0 and 1 still read as a `replyStyle`; a share in between is refused with the two
 * honest ways to model a mix of bots.
 */
export function replyStyleIssues(raw: object): PathIssue[] {
  const mix = (raw as { traffic?: { mix?: unknown } }).traffic?.mix;
  if (!Array.isArray(mix)) return [];
  return mix.flatMap((entry: { shape?: unknown; params?: { splitAtLimitShare?: unknown; replyStyle?: unknown } } | null, index) => {
    if (entry?.shape !== 'general-chatbot') return [];
    // Read before defaults are filled, so only a replyStyle the file states counts as a conflict.
    const message = splitShareIssue(entry.params?.splitAtLimitShare, entry.params?.replyStyle);
    return message === undefined ? [] : [{ path: ['traffic', 'mix', index, 'params', 'splitAtLimitShare'], message }];
  });
}

function splitShareIssue(share: unknown, replyStyle: unknown): string | undefined {
  if (share === undefined) return undefined;
  if (share !== 0 && share !== 1) {
    return `splitAtLimitShare ${String(share)} mixes two bot behaviours in one bot; set replyStyle: split or chunked, or write two general-chatbot mix entries (e.g. weight ${String(share)} with replyStyle: split and weight ${typeof share === 'number' ? Number((1 - share).toFixed(6)) : '1 − share'} with replyStyle: chunked), or run two scenarios`;
  }
  const mapped = share === 1 ? 'split' : 'chunked';
  if (replyStyle !== undefined && replyStyle !== mapped) return `splitAtLimitShare ${share} means replyStyle: ${mapped}, but replyStyle is ${String(replyStyle)}; keep only replyStyle`;
  return undefined;
}

export function chatbotParams(params: Record<string, unknown>): GeneralChatbotParams {
  const { splitAtLimitShare, ...rest } = params;
  if (splitAtLimitShare !== undefined) rest.replyStyle = splitAtLimitShare === 1 ? 'split' : 'chunked';
  const resolved = fillDefaults(GeneralChatbotParamsSchema, rest) as GeneralChatbotParams & { splitAtLimitShare?: number };
  delete resolved.splitAtLimitShare;
  return resolved;
}

