import { describe, expect, test } from 'vitest';
import { opKindOf, validateSendBody } from '../../src/platform/request-rules.js';

const base = { messaging_product: 'whatsapp', to: '+16505551234' };
const text = (body: string) => ({ ...base, type: 'text', text: { body } });
const buttons = (n: number) => ({
  ...base,
  type: 'interactive',
  interactive: {
    type: 'button',
    body: { text: 'Pick' },
    action: {
      buttons: Array.from({ length: n }, (_, i) => ({
        type: 'reply',
        reply: { id: `b${i}`, title: `B${i}` },
      })),
    },
  },
});
const list = (rowsPerSection: number[]) => ({
  ...base,
  type: 'interactive',
  interactive: {
    type: 'list',
    body: { text: 'Pick' },
    action: {
      button: 'Options',
      sections: rowsPerSection.map((n, s) => ({
        title: `S${s}`,
        rows: Array.from({ length: n }, (_, i) => ({ id: `r${s}-${i}`, title: `Row ${i}` })),
      })),
    },
  },
});

describe('send request rules (research §1.1, §4.5)', () => {
  test.each([
    ['text of 4,096 chars', text('x'.repeat(4096)), true],
    ['text of 4,097 chars', text('x'.repeat(4097)), false],
    ['empty text', text(''), false],
    ['3 reply buttons', buttons(3), true],
    ['4 reply buttons', buttons(4), false],
    ['10 list rows over 2 sections', list([5, 5]), true],
    ['11 list rows over 2 sections', list([6, 5]), false],
    [
      'image caption of 1,024',
      { ...base, type: 'image', image: { id: '1', caption: 'c'.repeat(1024) } },
      true,
    ],
    [
      'image caption of 1,025',
      { ...base, type: 'image', image: { id: '1', caption: 'c'.repeat(1025) } },
      false,
    ],
    [
      'image with id and link',
      { ...base, type: 'image', image: { id: '1', link: 'https://x/y.png' } },
      false,
    ],
    [
      'document by link',
      { ...base, type: 'document', document: { link: 'https://x/y.pdf', filename: 'y.pdf' } },
      true,
    ],
    ['sticker with caption', { ...base, type: 'sticker', sticker: { id: '1', caption: 'no' } }, false],
    [
      'template',
      { ...base, type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } },
      true,
    ],
    ['template without language', { ...base, type: 'template', template: { name: 'order_update' } }, false],
    ['reaction', { ...base, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } }, true],
    ['location', { ...base, type: 'location', location: { latitude: '37.4', longitude: -122.1 } }, true],
    ['contacts', { ...base, type: 'contacts', contacts: [{ name: { formatted_name: 'Ann' } }] }, true],
    ['read', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' }, true],
    [
      'read + typing',
      {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.X',
        typing_indicator: { type: 'text' },
      },
      true,
    ],
    ['read without message_id', { messaging_product: 'whatsapp', status: 'read' }, false],
    [
      'status other than read',
      { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.X' },
      false,
    ],
    ['typing without read', { ...text('hi'), typing_indicator: { type: 'text' } }, false],
    ['wrong messaging_product', { ...text('hi'), messaging_product: 'sms' }, false],
    ['unknown type', { ...base, type: 'hologram', hologram: {} }, false],
    ['type without its object', { ...base, type: 'image' }, false],
    ['missing to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'hi' } }, false],
    ['not an object', 'hello', false],
  ])('%s → %s', (_name, body, ok) => {
    expect(validateSendBody(body).ok).toBe(ok);
  });

  test('op kinds follow the intent', () => {
    const kind = (body: unknown) => {
      const result = validateSendBody(body);
      if (!result.ok) throw new Error(result.details);
      return opKindOf(result.intent);
    };
    expect(kind(text('hi'))).toBe('send');
    expect(kind(buttons(2))).toBe('interactive');
    expect(kind({ ...base, type: 'template', template: { name: 't', language: { code: 'en' } } })).toBe(
      'template',
    );
    expect(kind({ messaging_product: 'whatsapp', status: 'read', message_id: 'w' })).toBe('read');
    expect(
      kind({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'w',
        typing_indicator: { type: 'text' },
      }),
    ).toBe('typing');
  });
});
