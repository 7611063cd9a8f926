import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as GreatDetailClient } from '@great-detail/whatsapp';
import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { afterEach, describe, expect, test } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { type RunningMockServer, startMockServer } from '../../src/mock/build-mock-server.js';
import { PHONE, settingsWith, TOKEN, USER } from './mock-harness.js';

/** Real npm clients against a listening mock: they must send every type and parse every answer. */
let mock: RunningMockServer | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = undefined;
});

async function openWindow(url: string, id = 'wamid.interop-in'): Promise<void> {
  const res = await fetch(`${url}/_sim/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      phone_number_id: PHONE,
      from: USER,
      id,
      type: 'text',
      text: { body: 'hi' },
      profile_name: 'Zoë',
    }),
  });
  expect(res.status).toBe(200);
}

const wamid = expect.stringMatching(/^wamid\./);

describe('@kapso/whatsapp-cloud-api against the mock', () => {
  test('sends every supported type, marks read, uploads/gets/downloads/deletes media', async () => {
    mock = await startMockServer(settingsWith({ enforceThroughput: false, pairRate: { enabled: false } }));
    await openWindow(mock.url);
    // This version (0.3.0) has no retry option: it does not retry on its own, which is what a load run wants.
    const client = new WhatsAppClient({ accessToken: TOKEN, baseUrl: mock.url, graphVersion: 'v24.0' });
    const common = { phoneNumberId: PHONE, to: USER };
    const answers = [
      await client.messages.sendText({ ...common, body: 'hello' }),
      await client.messages.sendImage({
        ...common,
        image: { link: 'https://example.com/a.jpg', caption: 'a' },
      }),
      await client.messages.sendAudio({ ...common, audio: { id: '1' } }),
      await client.messages.sendVideo({ ...common, video: { id: '1' } }),
      await client.messages.sendDocument({
        ...common,
        document: { link: 'https://example.com/d.pdf', filename: 'd.pdf' },
      }),
      await client.messages.sendSticker({ ...common, sticker: { id: '1' } }),
      await client.messages.sendLocation({
        ...common,
        location: { latitude: 37.44, longitude: -122.16, name: 'HQ' },
      }),
      await client.messages.sendContacts({ ...common, contacts: [{ name: { formattedName: 'Ann Lee' } }] }),
      await client.messages.sendReaction({
        ...common,
        reaction: { messageId: 'wamid.interop-in', emoji: '👍' },
      }),
      await client.messages.sendTemplate({
        ...common,
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: '#1234' }] }],
        },
      }),
      await client.messages.sendInteractiveButtons({
        ...common,
        bodyText: 'Ok?',
        buttons: [
          { id: 'y', title: 'Yes' },
          { id: 'n', title: 'No' },
        ],
      }),
      await client.messages.sendInteractiveList({
        ...common,
        bodyText: 'Pick',
        buttonText: 'Menu',
        sections: [{ title: 'A', rows: [{ id: 'r1', title: 'One' }] }],
      }),
    ];
    for (const answer of answers) expect(answer.messages[0]?.id).toEqual(wamid);
    expect(
      await client.messages.markRead({
        phoneNumberId: PHONE,
        messageId: 'wamid.interop-in',
        typingIndicator: { type: 'text' },
      }),
    ).toEqual({ success: true });

    const upload = await client.media.upload({
      phoneNumberId: PHONE,
      type: 'image/png',
      file: new Blob([new Uint8Array([9, 8, 7])], { type: 'image/png' }),
      fileName: 'x.png',
    });
    const meta = await client.media.get({ mediaId: upload.id });
    expect(meta).toMatchObject({ id: upload.id, mimeType: 'image/png' });
    const bytes = (await client.media.download({ mediaId: upload.id, auth: 'always' })) as ArrayBuffer;
    expect([...new Uint8Array(bytes)]).toEqual([9, 8, 7]);
    // Without the token the download URL answers 404, as Meta's does (research §1.3).
    const anonymous = (await client.media.download({ mediaId: upload.id, as: 'response' })) as Response;
    expect(anonymous.status).toBe(404);
    expect(await client.media.delete({ mediaId: upload.id })).toEqual({ success: true });
  });

  test('parses the mock’s Graph errors', async () => {
    mock = await startMockServer(settingsWith());
    const client = new WhatsAppClient({ accessToken: TOKEN, baseUrl: mock.url });
    const error = await client.messages
      .sendText({ phoneNumberId: PHONE, to: USER, body: 'outside the window' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 131047 });
  });
});

describe('@great-detail/whatsapp against the mock', () => {
  test('sends every supported type and marks read', async () => {
    mock = await startMockServer(settingsWith({ enforceThroughput: false, pairRate: { enabled: false } }));
    await openWindow(mock.url);
    const client = new GreatDetailClient({
      prefixUrl: mock.url,
      graphVersion: 'v23.0',
      request: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    const bodies: Record<string, unknown>[] = [
      { type: 'text', text: { body: 'hello' } },
      { type: 'image', image: { id: '1' } },
      { type: 'audio', audio: { id: '1' } },
      { type: 'video', video: { link: 'https://example.com/v.mp4' } },
      { type: 'document', document: { id: '1', filename: 'f.pdf' } },
      { type: 'sticker', sticker: { id: '1' } },
      { type: 'reaction', reaction: { message_id: 'wamid.interop-in', emoji: '👍' } },
      { type: 'location', location: { latitude: 1.5, longitude: 2.5 } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Ann' } }] },
      {
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: '#1234' }] }],
        },
      },
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Ok?' },
          action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] },
        },
      },
    ];
    for (const body of bodies) {
      // The SDK types each message kind separately; the table is checked by the mock, not by tsc.
      const input = { phoneNumberID: PHONE, to: USER, ...body } as unknown as Parameters<
        typeof client.message.createMessage
      >[0];
      const answer = await client.message.createMessage(input).json<{ messages: { id: string }[] }>();
      expect(answer.messages[0]?.id).toEqual(wamid);
    }
    const read = await client.message
      .createStatus({ phoneNumberID: PHONE, status: 'read', message_id: 'wamid.interop-in' })
      .json();
    expect(read).toEqual({ success: true });
  });
});

describe('whatsapp-api-js verifies the mock’s webhooks', () => {
  test('signature over the escaped raw body checks out, and post() parses the envelope', async () => {
    const received: { raw: string; signature: string }[] = [];
    receiver = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        raw += c;
      });
      req.on('end', () => {
        received.push({ raw, signature: String(req.headers['x-hub-signature-256']) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    const fast = { dist: 'constant', value: 0 };
    mock = await startMockServer(
      settingsWith({
        appSecret: 'interop-secret',
        webhooks: { url: `http://127.0.0.1:${port}/hook`, batchWindowMs: 1, inboundDelayMs: fast },
      }),
    );
    await openWindow(mock.url);
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received.length).toBeGreaterThan(0);
    const api = new WhatsAppAPI({
      token: TOKEN,
      appSecret: 'interop-secret',
      webhookVerifyToken: 'vt',
      v: 'v23.0',
    });
    const hook = received[0]!;
    expect(await api.verifyRequestSignature(hook.raw, hook.signature)).toBe(true);
    let seen: { from?: string; name?: string } = {};
    api.on.message = ({ from, name }) => {
      seen = { from, name };
    };
    await api.post(JSON.parse(hook.raw), hook.raw, hook.signature);
    expect(seen).toEqual({ from: USER, name: 'Zoë' });
    expect(await api.verifyRequestSignature(hook.raw, 'sha256=deadbeef')).toBe(false);
  });
});
