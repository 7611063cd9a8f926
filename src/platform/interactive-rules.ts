import {
  type InteractiveAction,
  type InteractiveObject,
  type InteractiveType,
  MAX_LIST_ROWS,
  MAX_PRODUCT_ITEMS,
} from './interactive-schema.js';

/**
 * Per-type rules of interactive messages that a schema cannot say, from Meta's pages
 * (DFB/messages/interactive-reply-buttons-messages, …-list-messages, …-cta-url-messages,
 * …-media-carousel-messages, …-location-request-messages, …-product-messages, flows/guides/
 * sendingaflow, calling/call-button-messages-deep-links): which parts a type needs, its body
 * limit and header kinds, and the counts across sections and cards. Returns the problem in
 * words (the details of a (#100)), or undefined when the object is valid.
 */
interface TypeRule {
  /** Body: required, optional, or not allowed; and its limit. */
  readonly body: 'required' | 'optional' | 'none';
  readonly bodyMaxChars: number;
  /** Header kinds allowed (empty: no header). */
  readonly headers: readonly string[];
  readonly headerRequired?: boolean;
  readonly footer: boolean;
  /** `action.name` the type requires, if any. */
  readonly actionName?: string;
  readonly action: (action: InteractiveAction) => string | undefined;
}

const MEDIA_HEADERS = ['text', 'image', 'video', 'document'] as const;
const none = () => undefined;

const RULES: Record<InteractiveType, TypeRule> = {
  button: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: MEDIA_HEADERS,
    footer: true,
    action: buttonsProblem,
  },
  list: { body: 'required', bodyMaxChars: 4096, headers: ['text'], footer: true, action: listProblem },
  cta_url: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: MEDIA_HEADERS,
    footer: true,
    actionName: 'cta_url',
    action: (a) => needs(a, ['display_text', 'url']),
  },
  flow: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: ['text'],
    footer: true,
    actionName: 'flow',
    action: flowProblem,
  },
  location_request_message: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: [],
    footer: false,
    actionName: 'send_location',
    action: none,
  },
  product: { body: 'optional', bodyMaxChars: 1024, headers: [], footer: true, action: productProblem },
  product_list: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: ['text'],
    headerRequired: true,
    footer: true,
    action: productListProblem,
  },
  catalog_message: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: [],
    footer: true,
    actionName: 'catalog_message',
    action: none,
  },
  carousel: { body: 'required', bodyMaxChars: 1024, headers: [], footer: false, action: carouselProblem },
  voice_call: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: [],
    footer: false,
    actionName: 'voice_call',
    action: none,
  },
  call_permission_request: {
    body: 'optional',
    bodyMaxChars: 1024,
    headers: [],
    footer: false,
    actionName: 'call_permission_request',
    action: none,
  },
  request_contact_info: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: [],
    footer: false,
    actionName: 'request_contact_info',
    action: none,
  },
  address_message: {
    body: 'required',
    bodyMaxChars: 1024,
    headers: ['text'],
    footer: true,
    actionName: 'address_message',
    action: (a) => needs(a, ['country']),
  },
};

export function interactiveProblem(interactive: InteractiveObject): string | undefined {
  const rule = RULES[interactive.type];
  const kind = `An interactive ${interactive.type} message`;
  const { body, header, footer, action } = interactive;
  if (rule.body === 'required' && body === undefined) return `${kind} needs body.text.`;
  if (rule.body === 'none' && body !== undefined) return `${kind} takes no body.`;
  if (body !== undefined && body.text.length > rule.bodyMaxChars)
    return `${kind} body.text may have at most ${rule.bodyMaxChars} characters, got ${body.text.length}.`;
  if (header !== undefined) {
    if (!rule.headers.includes(header.type))
      return rule.headers.length === 0
        ? `${kind} takes no header.`
        : `${kind} header must be of type ${rule.headers.join(', ')}.`;
    const problem = headerProblem(header);
    if (problem !== undefined) return problem;
  } else if (rule.headerRequired) return `${kind} needs a header.`;
  if (footer !== undefined && !rule.footer) return `${kind} takes no footer.`;
  if (action === undefined) return `${kind} needs action.`;
  if (rule.actionName !== undefined && action.name !== rule.actionName)
    return `${kind} needs action.name "${rule.actionName}".`;
  return rule.action(action);
}

/** A header carries the part its type names (text, or the media by id or link). */
export function headerProblem(header: NonNullable<InteractiveObject['header']>): string | undefined {
  if (header.type === 'text') return header.text ? undefined : 'header.text is required for a text header.';
  const media = header[header.type];
  if (media === undefined) return `header.${header.type} is required for a ${header.type} header.`;
  if ((media.id === undefined) === (media.link === undefined))
    return `header.${header.type} must have exactly one of id or link.`;
  return undefined;
}

function needs(action: InteractiveAction, names: readonly string[]): string | undefined {
  const parameters = action.parameters ?? {};
  const missing = names.filter((name) => !(name in parameters));
  return missing.length === 0 ? undefined : `action.parameters needs ${missing.join(', ')}.`;
}

function buttonsProblem(action: InteractiveAction): string | undefined {
  if (action.buttons === undefined)
    return 'Param interactive.action.buttons is required for a button message.';
  const titles = new Set(action.buttons.map((b) => b.reply.title));
  if (titles.size !== action.buttons.length) return 'Button titles must be unique.';
  const ids = new Set(action.buttons.map((b) => b.reply.id));
  if (ids.size !== action.buttons.length) return 'Button ids must be unique.';
  return undefined;
}

function listProblem(action: InteractiveAction): string | undefined {
  const { sections } = action;
  if (sections === undefined || action.button === undefined)
    return 'A list message needs action.button and action.sections.';
  if (sections.some((s) => s.rows === undefined)) return 'Every list section needs rows.';
  if (sections.length > 1 && sections.some((s) => !s.title))
    return 'Every section needs a title when there is more than one.';
  const rows = sections.flatMap((s) => s.rows ?? []);
  if (rows.length > MAX_LIST_ROWS)
    return `A list message may have at most ${MAX_LIST_ROWS} rows in total, got ${rows.length}.`;
  if (new Set(rows.map((r) => r.id)).size !== rows.length) return 'Row ids must be unique.';
  return undefined;
}

function flowProblem(action: InteractiveAction): string | undefined {
  const p = action.parameters;
  if (p === undefined) return 'A flow message needs action.parameters.';
  if (p.flow_message_version === undefined)
    return 'action.parameters.flow_message_version ("3") is required.';
  if (p.flow_cta === undefined) return 'action.parameters.flow_cta is required.';
  if ((p.flow_id === undefined) === (p.flow_name === undefined))
    return 'action.parameters needs exactly one of flow_id or flow_name.';
  const navigate = (p.flow_action ?? 'navigate') === 'navigate';
  if (navigate && p.flow_action_payload === undefined)
    return 'action.parameters.flow_action_payload (screen) is required when flow_action is navigate.';
  if (!navigate && p.flow_action_payload !== undefined)
    return 'flow_action_payload must be omitted when flow_action is data_exchange.';
  return undefined;
}

function productProblem(action: InteractiveAction): string | undefined {
  if (action.catalog_id === undefined || action.product_retailer_id === undefined)
    return 'A product message needs action.catalog_id and action.product_retailer_id.';
  return undefined;
}

function productListProblem(action: InteractiveAction): string | undefined {
  const { sections } = action;
  if (action.catalog_id === undefined || sections === undefined)
    return 'A product_list message needs action.catalog_id and action.sections.';
  if (sections.some((s) => s.product_items === undefined || !s.title))
    return 'Every product_list section needs a title and product_items.';
  const items = sections.reduce((n, s) => n + (s.product_items?.length ?? 0), 0);
  if (items > MAX_PRODUCT_ITEMS)
    return `A product_list message may have at most ${MAX_PRODUCT_ITEMS} products in total, got ${items}.`;
  return undefined;
}

function carouselProblem(action: InteractiveAction): string | undefined {
  const { cards } = action;
  if (cards === undefined) return 'A carousel message needs action.cards (2 to 10).';
  const indexes = new Set(cards.map((c) => c.card_index));
  if (indexes.size !== cards.length) return 'Carousel card_index values must be unique.';
  const headerType = cards[0]?.header.type;
  const shape = (card: (typeof cards)[number]) =>
    card.action.buttons === undefined ? 'url' : `quick_reply×${card.action.buttons.length}`;
  for (const card of cards) {
    if (card.header.type !== 'image' && card.header.type !== 'video')
      return 'Carousel cards need an image or video header.';
    if (card.header.type !== headerType) return 'Every carousel card needs the same header type.';
    const headerIssue = headerProblem(card.header);
    if (headerIssue !== undefined) return `card ${card.card_index}: ${headerIssue}`;
    const url =
      card.action.parameters?.url !== undefined && card.action.parameters.display_text !== undefined;
    if (url === (card.action.buttons !== undefined))
      return `card ${card.card_index}: needs either one URL button (name cta_url, parameters display_text and url) or quick-reply buttons.`;
    if (shape(card) !== shape(cards[0] as (typeof cards)[number]))
      return 'Every carousel card needs the same button type and number.';
  }
  return undefined;
}
