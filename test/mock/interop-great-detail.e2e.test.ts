import { Client } from '@great-detail/whatsapp';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningMockServer } from '../../src/mock/start-mock-server.js';
import { fileOf, freshWindow, startInteropMock, WABA, wamid } from './interop-harness.js';
import { PHONE, TOKEN, USER } from './mock-harness.js';

/** @great-detail/whatsapp 8 against `serve`: messages of every type, templates, media, phone numbers, the profile and the WABA. */
let mock: RunningMockServer;
let client: Client;
const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
beforeAll(async () => {
  mock = await startInteropMock();
  client = new Client({ prefixUrl: mock.url, graphVersion: 'v23.0', request: auth });
});
beforeEach(() => freshWindow(mock.url));
afterAll(() => mock.close());

type MessageInput = Parameters<Client['message']['createMessage']>[0];
/** The SDK types each message kind apart; the table is checked by the mock, not by tsc. */
const message = (body: Record<string, unknown>) =>
  ({ phoneNumberID: PHONE, to: USER, ...body }) as unknown as MessageInput;
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: { response?: Response }) => error.response?.status ?? 0,
  );
const graphCodeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: { response?: Response }) => e,
  );
  return ((await error?.response?.json()) as { error: { code: number } } | undefined)?.error.code;
};

const TYPES: Record<string, unknown>[] = [
  { type: 'text', text: { body: 'hello' } },
  { type: 'image', image: { id: '1' } },
  { type: 'audio', audio: { id: '1' } },
  { type: 'video', video: { link: 'https://example.com/v.mp4' } },
  { type: 'document', document: { id: '1', filename: 'f.pdf' } },
  { type: 'sticker', sticker: { id: '1' } },
  { type: 'reaction', reaction: { message_id: 'wamid.interop-in', emoji: '👍' } },
  { type: 'location', location: { latitude: 1.5, longitude: 2.5 } },
  { type: 'contacts', contacts: [{ name: { formatted_name: 'Ann' } }] },
];
const body = { text: 'Here you go' };
const INTERACTIVE: Record<string, unknown>[] = [
  { type: 'button', body, action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] } },
  {
    type: 'list',
    body,
    action: { button: 'Menu', sections: [{ title: 'A', rows: [{ id: 'r', title: 'Row' }] }] },
  },
  {
    type: 'cta_url',
    body,
    action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com' } },
  },
  { type: 'location_request_message', body, action: { name: 'send_location' } },
  { type: 'product', action: { catalog_id: 'c1', product_retailer_id: 'SKU-1' } },
  { type: 'voice_call', body, action: { name: 'voice_call' } },
];

describe('@great-detail/whatsapp against the mock', () => {
  test('message.createMessage for every type (text, media, reaction, location, contacts; interactive button, list, cta_url, location_request_message, product, voice_call) and message.createStatus read', async () => {
    for (const part of [
      ...TYPES,
      ...INTERACTIVE.map((interactive) => ({ type: 'interactive', interactive })),
    ]) {
      const answer = await client.message.createMessage(message(part)).json<{ messages: { id: string }[] }>();
      expect(answer.messages[0]?.id, JSON.stringify(part)).toEqual(wamid);
    }
    const read = await client.message
      .createStatus({ phoneNumberID: PHONE, status: 'read', message_id: 'wamid.interop-in' })
      .json();
    expect(read).toEqual({ success: true });
  });

  test('templates: template.list, template.create, template.get, template.delete; createMessage of a template (accepted) and of a missing one (132001)', async () => {
    const list = await client.template.list(WABA, { limit: 2 }).json<{ data: { name: string }[] }>();
    expect(list.data.map((t) => t.name)).toEqual(['hello_world', 'booking_change_notice']);
    const created = await client.template
      .create(WABA, {
        name: 'refund_issued',
        language: 'en_US',
        category: 'UTILITY',
        components: [
          { type: 'BODY', text: 'Your refund of {{1}} is on its way.', example: { body_text: [['€40']] } },
        ],
      } as unknown as Parameters<Client['template']['create']>[1])
      .json<{ id: string; status: string }>();
    expect(created.status).toBe('APPROVED');
    expect(await client.template.get(created.id, {}).json()).toMatchObject({
      name: 'refund_issued',
      category: 'UTILITY',
    });
    const send = (name: string) =>
      client.message.createMessage(
        message({
          type: 'template',
          template: {
            name,
            language: { code: 'en_US' },
            components: [{ type: 'body', parameters: [{ type: 'text', text: '€40' }] }],
          },
        }),
      );
    expect(await send('refund_issued').json()).toMatchObject({
      messages: [{ id: wamid, message_status: 'accepted' }],
    });
    expect(
      await client.template
        .delete(WABA, { name: 'refund_issued' } as Parameters<Client['template']['delete']>[1])
        .json(),
    ).toEqual({
      success: true,
    });
    expect(await graphCodeOf(send('refund_issued'))).toBe(132001);
  });

  test('media: media.upload, media.getURL, media.download, media.delete (Content-Type: application/json, empty body); an unsupported MIME type is 131053', async () => {
    const upload = await client.media
      .upload({
        phoneNumberID: PHONE,
        file: fileOf('application/pdf'),
        filename: 'a.pdf',
        mimeType: 'application/pdf',
      })
      .json<{ id: string }>();
    const url = await client.media
      .getURL({ mediaID: upload.id })
      .json<{ url: string; mime_type: string; file_size: string }>();
    expect(url).toMatchObject({ mime_type: 'application/pdf', file_size: '3' });
    const downloaded = await client.media.download({ mediaURL: url.url, request: auth }).arrayBuffer();
    expect([...new Uint8Array(downloaded)]).toEqual([9, 8, 7]);
    expect(await client.media.delete({ mediaID: upload.id }).json()).toEqual({ success: true });
    expect(await statusOf(client.media.getURL({ mediaID: upload.id }).json())).toBe(400);
    const exe = client.media.upload({
      phoneNumberID: PHONE,
      file: fileOf('application/x-msdownload'),
      filename: 'a.exe',
      mimeType: 'application/x-msdownload',
    });
    expect(await graphCodeOf(exe.json())).toBe(131053);
  });

  test('phone numbers and profile: phoneNumbers.getPhoneNumber (fields), phoneNumbers.listPhoneNumbers, businessProfile.getBusinessProfile, businessProfile.updateBusinessProfile, whatsappBusinessAccount.get', async () => {
    const number = await client.phoneNumbers
      .getPhoneNumber({
        phoneNumberID: PHONE,
        fields: ['verified_name', ['throughput', ['level']]],
      } as Parameters<Client['phoneNumbers']['getPhoneNumber']>[0])
      .json();
    expect(number).toEqual({ verified_name: 'Example Travel', throughput: { level: 'STANDARD' }, id: PHONE });
    const numbers = await client.phoneNumbers
      .listPhoneNumbers({ businessAccountID: WABA })
      .json<{ data: { id: string }[] }>();
    expect(numbers.data.map((n) => n.id)).toEqual([PHONE]);
    expect(
      await client.businessProfile
        .updateBusinessProfile({ phoneNumberID: PHONE, description: 'Trips, changed.' })
        .json(),
    ).toEqual({
      success: true,
    });
    const profile = await client.businessProfile
      .getBusinessProfile({ phoneNumberID: PHONE, fields: ['description'] } as Parameters<
        Client['businessProfile']['getBusinessProfile']
      >[0])
      .json();
    expect(profile).toEqual({ data: [{ description: 'Trips, changed.', messaging_product: 'whatsapp' }] });
    expect(await client.whatsappBusinessAccount.get(WABA).json()).toMatchObject({
      id: WABA,
      name: 'Example Travel',
    });
  });
});
