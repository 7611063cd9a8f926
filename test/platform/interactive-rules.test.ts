import { describe, expect, test } from 'vitest';
import { validateSendBody } from '../../src/platform/request-rules.js';

const send = (interactive: Record<string, unknown>) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: '+16505551234',
  type: 'interactive',
  interactive,
});
const body = { text: 'Here you go' };
const card = (index: number, action: Record<string, unknown>) => ({
  card_index: index,
  type: 'cta_url',
  header: { type: 'image', image: { link: `https://example.com/${index}.png` } },
  body: { text: `Card ${index}` },
  action,
});
const urlAction = { name: 'cta_url', parameters: { display_text: 'Shop', url: 'https://example.com/s' } };
const quickReplies = (n: number) => ({
  buttons: Array.from({ length: n }, (_, i) => ({
    type: 'quick_reply',
    quick_reply: { id: `q${i}`, title: `Q${i}` },
  })),
});

/** One valid example of every interactive type Meta documents, in the shape of its page. */
const VALID: Record<string, Record<string, unknown>> = {
  cta_url: {
    type: 'cta_url',
    header: { type: 'image', image: { link: 'https://example.com/banner.png' } },
    body,
    footer: { text: 'Dates subject to change.' },
    action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com/d' } },
  },
  flow: {
    type: 'flow',
    header: { type: 'text', text: 'Sign up' },
    body,
    action: {
      name: 'flow',
      parameters: {
        flow_message_version: '3',
        flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.',
        flow_id: '1',
        flow_cta: 'Book!',
        flow_action: 'navigate',
        flow_action_payload: { screen: 'APPOINTMENT', data: { product_name: 'name' } },
      },
    },
  },
  location_request_message: { type: 'location_request_message', body, action: { name: 'send_location' } },
  product: { type: 'product', body, action: { catalog_id: '367025965434465', product_retailer_id: 'SKU-1' } },
  product_list: {
    type: 'product_list',
    header: { type: 'text', text: 'Our picks' },
    body,
    action: {
      catalog_id: '367025965434465',
      sections: [
        { title: 'Plants', product_items: [{ product_retailer_id: 'A' }, { product_retailer_id: 'B' }] },
        { title: 'Pots', product_items: [{ product_retailer_id: 'C' }] },
      ],
    },
  },
  catalog_message: {
    type: 'catalog_message',
    body,
    action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'A' } },
  },
  'carousel with URL buttons': {
    type: 'carousel',
    body,
    action: { cards: [card(0, urlAction), card(1, urlAction)] },
  },
  'carousel with quick replies': {
    type: 'carousel',
    body,
    action: { cards: [card(0, quickReplies(2)), card(1, quickReplies(2)), card(2, quickReplies(2))] },
  },
  voice_call: {
    type: 'voice_call',
    body,
    action: { name: 'voice_call', parameters: { display_text: 'Call on WhatsApp', ttl_minutes: 100 } },
  },
  call_permission_request: {
    type: 'call_permission_request',
    body,
    action: { name: 'call_permission_request' },
  },
  request_contact_info: { type: 'request_contact_info', body, action: { name: 'request_contact_info' } },
  address_message: {
    type: 'address_message',
    body,
    action: { name: 'address_message', parameters: { country: 'IN' } },
  },
};

const INVALID: [string, Record<string, unknown>, RegExp][] = [
  [
    'cta_url without url',
    { ...VALID.cta_url, action: { name: 'cta_url', parameters: { display_text: 'Go' } } },
    /url/,
  ],
  [
    'cta_url display_text over 20',
    {
      ...VALID.cta_url,
      action: { name: 'cta_url', parameters: { display_text: 'x'.repeat(21), url: 'https://e.x' } },
    },
    /display_text/,
  ],
  ['cta_url body over 1,024', { ...VALID.cta_url, body: { text: 'b'.repeat(1025) } }, /1024/],
  [
    'flow with both flow_id and flow_name',
    {
      ...VALID.flow,
      action: {
        name: 'flow',
        parameters: {
          flow_message_version: '3',
          flow_cta: 'Go',
          flow_id: '1',
          flow_name: 'n',
          flow_action: 'data_exchange',
        },
      },
    },
    /exactly one of flow_id or flow_name/,
  ],
  [
    'flow navigate without a screen',
    {
      ...VALID.flow,
      action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Go', flow_id: '1' } },
    },
    /flow_action_payload/,
  ],
  [
    'location request with a header',
    { ...VALID.location_request_message, header: { type: 'text', text: 'h' } },
    /no header/,
  ],
  [
    'location request with another action',
    { ...VALID.location_request_message, action: { name: 'send' } },
    /send_location/,
  ],
  [
    'product without product_retailer_id',
    { type: 'product', body, action: { catalog_id: '1' } },
    /product_retailer_id/,
  ],
  ['product_list without header', { ...VALID.product_list, header: undefined }, /needs a header/],
  [
    'product_list with 31 products',
    {
      ...VALID.product_list,
      action: {
        catalog_id: '1',
        sections: [
          {
            title: 'All',
            product_items: Array.from({ length: 30 }, (_, i) => ({ product_retailer_id: `p${i}` })),
          },
          { title: 'More', product_items: [{ product_retailer_id: 'x' }] },
        ],
      },
    },
    /at most 30 products/,
  ],
  ['carousel with one card', { type: 'carousel', body, action: { cards: [card(0, urlAction)] } }, /cards/],
  [
    'carousel with 11 cards',
    {
      type: 'carousel',
      body,
      action: { cards: Array.from({ length: 11 }, (_, i) => card(i % 10, urlAction)) },
    },
    /cards/,
  ],
  [
    'carousel mixing URL and quick-reply cards',
    { type: 'carousel', body, action: { cards: [card(0, urlAction), card(1, quickReplies(1))] } },
    /same button type/,
  ],
  [
    'carousel card with a text header',
    {
      type: 'carousel',
      body,
      action: { cards: [{ ...card(0, urlAction), header: { type: 'text', text: 'x' } }, card(1, urlAction)] },
    },
    /image or video header/,
  ],
  [
    'carousel card body over 160',
    {
      type: 'carousel',
      body,
      action: { cards: [{ ...card(0, urlAction), body: { text: 'c'.repeat(161) } }, card(1, urlAction)] },
    },
    /160/,
  ],
  [
    'voice_call ttl over 30 days',
    { ...VALID.voice_call, action: { name: 'voice_call', parameters: { ttl_minutes: 43_201 } } },
    /ttl_minutes/,
  ],
  [
    'button body over 1,024',
    { type: 'button', body: { text: 'b'.repeat(1025) }, action: quickButtons() },
    /1024/,
  ],
  [
    'button with a duplicate id',
    { type: 'button', body, action: { buttons: [reply('a', 'A'), reply('a', 'B')] } },
    /ids must be unique/,
  ],
  [
    'list with two untitled sections',
    {
      type: 'list',
      body,
      action: {
        button: 'Menu',
        sections: [{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }],
      },
    },
    /title/,
  ],
  ['an unknown interactive type', { type: 'poll', body, action: {} }, /type/],
];

function reply(id: string, title: string) {
  return { type: 'reply', reply: { id, title } };
}
function quickButtons() {
  return { buttons: [reply('y', 'Yes')] };
}

describe('interactive messages: every type Meta documents, with its limits', () => {
  test.each(Object.entries(VALID))('%s is accepted', (_name, interactive) => {
    const result = validateSendBody(send(interactive));
    expect(result.ok ? 'ok' : result.details).toBe('ok');
  });

  test.each(INVALID)('%s is refused, saying why', (_name, interactive, why) => {
    const result = validateSendBody(send(interactive));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details).toMatch(why);
  });
});
