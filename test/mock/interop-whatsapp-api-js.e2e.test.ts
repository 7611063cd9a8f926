import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import {
  ActionButtons,
  ActionCallPermission,
  ActionCatalog,
  ActionContactRequest,
  ActionCTA,
  ActionFlow,
  ActionList,
  ActionLocation,
  ActionProduct,
  ActionProductList,
  Audio,
  Body,
  BodyComponent,
  BodyParameter,
  Button,
  CatalogProduct,
  Contacts,
  Document,
  Header,
  Image,
  Interactive,
  ListSection,
  Location,
  Name,
  Phone,
  Product,
  ProductSection,
  Reaction,
  Row,
  Sticker,
  Template,
  Text,
  Video,
} from 'whatsapp-api-js/messages';
import type { RunningMockServer } from '../../src/mock/start-mock-server.js';
import { fileOf, freshWindow, startInteropMock, wamid } from './interop-harness.js';
import { PHONE, TOKEN, USER } from './mock-harness.js';

/**
 * whatsapp-api-js 6.3 against `serve`, as a bot: it has no base-URL option, so its fetch is
 * pointed at the mock (research §8). Sends, media, and its webhook handler (get() for the
 * subscription, post() with signature checks) fed by the mock's webhooks.
 */
const SECRET = 'interop-app-secret';
const VERIFY = 'interop-verify-token';

function botApi(mockUrl: () => string): WhatsAppAPI {
  return new WhatsAppAPI({
    token: TOKEN,
    appSecret: SECRET,
    webhookVerifyToken: VERIFY,
    v: 'v23.0',
    ponyfill: {
      fetch: (url, init) => fetch(String(url).replace('https://graph.facebook.com', mockUrl()), init),
    },
  });
}

describe('whatsapp-api-js sends to the mock', () => {
  let mock: RunningMockServer;
  const api = botApi(() => mock.url);
  beforeAll(async () => {
    mock = await startInteropMock();
  });
  beforeEach(() => freshWindow(mock.url));
  afterAll(() => mock.close());

  test('sendMessage: Text, Image, Document, Audio, Video, Sticker, Location, Contacts, Reaction, Template; markAsRead', async () => {
    const messages = [
      new Text('hello'),
      new Image('https://example.com/a.png', false, 'a'),
      new Document('https://example.com/d.pdf', false, 'doc', 'd.pdf'),
      new Audio('1', true, true),
      new Video('1', true),
      new Sticker('1', true),
      new Location(-122.16, 37.44, 'HQ', '1 Hacker Way'),
      new Contacts([new Name('Ann Lee', 'Ann'), new Phone('+1 650 555 0101', 'CELL')]),
      new Reaction('wamid.interop-in', '👍'),
      new Template(
        'booking_change_notice',
        'en_US',
        new BodyComponent(new BodyParameter('Flight LH 123 now at 10:40')),
      ),
    ];
    for (const message of messages) {
      const answer = await api.sendMessage(PHONE, USER, message);
      expect(answer, message._type).toMatchObject({ messages: [{ id: wamid }] });
    }
    expect(await api.markAsRead(PHONE, 'wamid.interop-in', 'text')).toEqual({ success: true });
  });

  test('sendMessage Interactive: ActionButtons, ActionList, ActionCTA, ActionFlow, ActionLocation, ActionProduct, ActionProductList, ActionCatalog, ActionCallPermission, ActionContactRequest', async () => {
    const body = new Body('Here you go');
    const interactives = [
      new Interactive(
        new ActionButtons(new Button('y', 'Yes'), new Button('n', 'No')),
        body,
        new Header('Trip'),
      ),
      new Interactive(
        new ActionList('Menu', new ListSection('Trips', new Row('a', 'Change'), new Row('b', 'Cancel'))),
        body,
      ),
      new Interactive(new ActionCTA('See Dates', 'https://example.com/d'), body, new Header('Dates')),
      new Interactive(
        new ActionFlow({
          flow_token: 'tok',
          flow_id: '1234',
          flow_cta: 'Book!',
          flow_action: 'navigate',
          flow_action_payload: { screen: 'WELCOME' },
        }),
        body,
      ),
      new Interactive(new ActionLocation(), body),
      new Interactive(new ActionProduct(new CatalogProduct('SKU-1', 'c1')), body),
      new Interactive(
        new ActionProductList('c1', new ProductSection('Plants', new Product('A'), new Product('B'))),
        body,
        new Header('Our picks'),
      ),
      new Interactive(new ActionCatalog(new Product('A')), body),
      new Interactive(new ActionCallPermission(), body),
      new Interactive(new ActionContactRequest(), body),
    ];
    for (const interactive of interactives) {
      const answer = await api.sendMessage(PHONE, USER, interactive);
      expect(answer, interactive.type).toMatchObject({ messages: [{ id: wamid }] });
    }
  });

  test('media: uploadMedia (with its own MIME check), retrieveMedia, fetchMedia, deleteMedia; a type the mock refuses (check off) is 131053', async () => {
    const form = new FormData();
    form.append('file', fileOf('image/png'), 'x.png');
    const upload = await api.uploadMedia(PHONE, form);
    if (!('id' in upload)) throw new Error(`upload refused: ${JSON.stringify(upload)}`);
    const meta = await api.retrieveMedia(upload.id);
    if (!('url' in meta)) throw new Error(`retrieve refused: ${JSON.stringify(meta)}`);
    expect(meta).toMatchObject({ id: upload.id, mime_type: 'image/png', file_size: '3' });
    const file = await api.fetchMedia(meta.url);
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([9, 8, 7]);
    expect(await api.deleteMedia(upload.id)).toEqual({ success: true });
    const gif = new FormData();
    gif.append('file', fileOf('image/gif'), 'x.gif');
    expect(await api.uploadMedia(PHONE, gif, false)).toMatchObject({ error: { code: 131053 } });
  });
});

/** A bot server: GET answered by whatsapp-api-js get(), POST by post() with its signature check. */
interface BotServer {
  readonly url: string;
  posts: number;
  rejected: number;
  close(): Promise<void>;
}

async function startBot(api: WhatsAppAPI): Promise<BotServer> {
  const bot = { posts: 0, rejected: 0 };
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://bot').searchParams);
      try {
        res.writeHead(200).end(api.get(query as Parameters<WhatsAppAPI['get']>[0]));
      } catch (code) {
        res.writeHead(Number(code) || 500).end();
      }
      return;
    }
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      bot.posts += 1;
      api.post(JSON.parse(raw), raw, String(req.headers['x-hub-signature-256'])).then(
        () => res.writeHead(200).end(),
        () => {
          bot.rejected += 1;
          res.writeHead(401).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(bot, {
    url: `http://127.0.0.1:${port}/webhook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('whatsapp-api-js as the bot’s webhook handler', () => {
  let mock: RunningMockServer;
  let bot: BotServer;
  const api = botApi(() => mock.url);
  const received: { id: string; type: string; interactive?: unknown; context?: unknown }[] = [];
  beforeAll(async () => {
    api.on.message = ({ message }) => {
      received.push(message as (typeof received)[number]);
    };
    bot = await startBot(api);
    const fast = { dist: 'constant', value: 0 };
    mock = await startInteropMock({
      appSecret: SECRET,
      verifyToken: VERIFY,
      webhooks: { url: bot.url, inboundDelayMs: fast, sentDelayMs: fast },
    });
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await mock.close();
    await bot.close();
  });

  const userSends = (id: string, part: Record<string, unknown>) =>
    fetch(`${mock.url}/_sim/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number_id: PHONE, from: USER, id, profile_name: 'Zoë', ...part }),
    });

  test('get() answered the mock’s subscription at start', () => {
    expect(mock.webhookSubscribed).toBe(true);
  });

  test('post() receives every update of a 200-message burst, one per POST, every signature valid', async () => {
    const postsBefore = bot.posts;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        userSends(`wamid.burst-${i}`, { type: 'text', text: { body: `olá ${i} 👋` } }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await until(() => received.length >= 200, '200 messages');
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(200);
    expect(new Set(received.map((m) => m.id)).size).toBe(200);
    expect(bot.posts - postsBefore).toBe(200);
    expect(bot.rejected).toBe(0);
  });

  test('the bot sends a list, the user answers with a list_reply, the bot’s handler gets interactive.list_reply', async () => {
    const list = new Interactive(
      new ActionList(
        'Options',
        new ListSection(
          'Trips',
          new Row('change', 'Change booking', 'Dates, seats'),
          new Row('cancel', 'Cancel'),
        ),
      ),
      new Body('How can we help?'),
    );
    const sent = await api.sendMessage(PHONE, USER, list);
    const listId = (sent as { messages: { id: string }[] }).messages[0]?.id ?? '';
    expect(listId).toMatch(/^wamid\./);
    const reply = await userSends('wamid.reply-1', {
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'change', title: 'Change booking', description: 'Dates, seats' },
      },
      context: { id: listId },
    });
    expect(reply.status).toBe(200);
    await until(() => received.some((m) => m.id === 'wamid.reply-1'), 'the list reply');
    expect(received.find((m) => m.id === 'wamid.reply-1')).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'change', title: 'Change booking', description: 'Dates, seats' },
      },
      context: { from: '15550783881', id: listId },
    });
  });
});
