import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { PostLike } from '../../src/mock/webhook-post.js';
import { build, graphError, userSays } from './mock-harness.js';

const fast = { dist: 'constant', value: 0 };
const BUSINESS_NUMBER = '15550783881';

/** One mock for the file; its webhooks land in `messages` (the `messages[0]` of each update). */
let app: FastifyInstance;
const messages: Record<string, unknown>[] = [];
beforeAll(() => {
  const post: PostLike = async (_url, _headers, body) => {
    const envelope = JSON.parse(body);
    for (const change of envelope.entry[0].changes) messages.push(...(change.value.messages ?? []));
    return 200;
  };
  app = build(
    { webhooks: { url: 'http://bot.test/hook', inboundDelayMs: fast, verifyOnStart: false } },
    { webhookPost: post },
  );
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/_sim/reset' });
  messages.length = 0;
});
afterAll(async () => {
  await app.close();
});

async function delivered(messages: unknown[], count: number) {
  for (let i = 0; i < 200 && messages.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  expect(messages).toHaveLength(count);
}

const replyTo = { context: { id: 'wamid.HBgLbusiness1' } };
const USER_MESSAGES: [string, Record<string, unknown>, Record<string, unknown>][] = [
  [
    'button reply',
    {
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
      ...replyTo,
    },
    {
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
      context: { from: BUSINESS_NUMBER, id: 'wamid.HBgLbusiness1' },
    },
  ],
  [
    'list reply',
    {
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'r2', title: 'Change booking', description: 'Dates' },
      },
      ...replyTo,
    },
    {
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'r2', title: 'Change booking', description: 'Dates' },
      },
      context: { from: BUSINESS_NUMBER, id: 'wamid.HBgLbusiness1' },
    },
  ],
  [
    'template quick-reply button',
    { type: 'button', button: { payload: 'STOP', text: 'Stop promotions' }, ...replyTo },
    {
      type: 'button',
      button: { payload: 'STOP', text: 'Stop promotions' },
      context: { from: BUSINESS_NUMBER, id: 'wamid.HBgLbusiness1' },
    },
  ],
  [
    'location',
    {
      type: 'location',
      location: { latitude: 37.48, longitude: -122.15, name: 'Home', address: '1 Hacker Way' },
    },
    {
      type: 'location',
      location: { latitude: 37.48, longitude: -122.15, name: 'Home', address: '1 Hacker Way' },
    },
  ],
  [
    'contacts',
    {
      type: 'contacts',
      contacts: [
        { name: { formatted_name: 'Ann Lee' }, phones: [{ phone: '+1 650 555 0101', type: 'CELL' }] },
      ],
    },
    {
      type: 'contacts',
      contacts: [
        { name: { formatted_name: 'Ann Lee' }, phones: [{ phone: '+1 650 555 0101', type: 'CELL' }] },
      ],
    },
  ],
  [
    'video',
    { type: 'video', media: { id: 'vid-1', mime_type: 'video/mp4', file_size: 2_000_000, caption: 'look' } },
    {
      type: 'video',
      video: {
        id: 'vid-1',
        mime_type: 'video/mp4',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        caption: 'look',
      },
    },
  ],
  [
    'sticker',
    { type: 'sticker', media: { id: 'stk-1', mime_type: 'image/webp', file_size: 30_000 } },
    {
      type: 'sticker',
      sticker: { id: 'stk-1', mime_type: 'image/webp', sha256: expect.any(String), animated: false },
    },
  ],
  [
    'reaction',
    { type: 'reaction', reaction: { message_id: 'wamid.HBgLbusiness1', emoji: '❤️' } },
    { type: 'reaction', reaction: { message_id: 'wamid.HBgLbusiness1', emoji: '❤️' } },
  ],
];

describe('simulated users send every user-side type, delivered in Meta’s webhook shapes', () => {
  test.each(USER_MESSAGES)('%s', async (_name, part, expected) => {
    const res = await userSays(app, 'wamid.user1', '16505551234', { text: undefined, ...part });
    expect(res.statusCode, res.body).toBe(200);
    await delivered(messages, 1);
    expect(messages[0]).toEqual({
      from: '16505551234',
      id: 'wamid.user1',
      timestamp: expect.stringMatching(/^\d+$/),
      ...expected,
    });
  });

  test.each([
    [
      'interactive without its reply',
      { type: 'interactive', interactive: { type: 'list_reply' } },
      /list_reply/,
    ],
    ['location without coordinates', { type: 'location' }, /location is required/],
    ['a latitude off the globe', { type: 'location', location: { latitude: 91, longitude: 0 } }, /latitude/],
    ['video without media', { type: 'video' }, /media is required/],
  ])('%s is (#100)', async (_name, part, why) => {
    const res = await userSays(app, 'wamid.user2', '16505551234', { text: undefined, ...part });
    const error = graphError(res.body);
    expect(error.code).toBe(100);
    expect(`${error.details}`).toMatch(why);
  });
});
