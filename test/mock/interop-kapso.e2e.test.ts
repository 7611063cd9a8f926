import { GraphApiError, WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningMockServer } from '../../src/mock/start-mock-server.js';
import { fileOf, freshWindow, startInteropMock, WABA, wamid } from './interop-harness.js';
import { PHONE, TOKEN, USER } from './mock-harness.js';

/** @kapso/whatsapp-cloud-api 0.3 against `serve`: every call it offers for messages, interactive, templates, media and the profile. */
let mock: RunningMockServer;
let client: WhatsAppClient;
beforeAll(async () => {
  mock = await startInteropMock();
  // This version does not retry on its own, which is what a load run wants.
  client = new WhatsAppClient({ accessToken: TOKEN, baseUrl: mock.url, graphVersion: 'v24.0' });
});
beforeEach(() => freshWindow(mock.url));
afterAll(() => mock.close());

const to = { phoneNumberId: PHONE, to: USER };
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('@kapso/whatsapp-cloud-api against the mock', () => {
  test('messages: sendText, sendImage, sendAudio, sendVideo, sendDocument, sendSticker, sendLocation, sendContacts, sendReaction; markRead with typing', async () => {
    const m = client.messages;
    const answers = [
      await m.sendText({ ...to, body: 'hello' }),
      await m.sendImage({ ...to, image: { link: 'https://example.com/a.jpg', caption: 'a' } }),
      await m.sendAudio({ ...to, audio: { id: '1' } }),
      await m.sendVideo({ ...to, video: { id: '1' } }),
      await m.sendDocument({ ...to, document: { link: 'https://example.com/d.pdf', filename: 'd.pdf' } }),
      await m.sendSticker({ ...to, sticker: { id: '1' } }),
      await m.sendLocation({ ...to, location: { latitude: 37.44, longitude: -122.16, name: 'HQ' } }),
      await m.sendContacts({ ...to, contacts: [{ name: { formattedName: 'Ann Lee' } }] }),
      await m.sendReaction({ ...to, reaction: { messageId: 'wamid.interop-in', emoji: '👍' } }),
    ];
    for (const answer of answers) expect(answer.messages[0]?.id).toEqual(wamid);
    expect(
      await m.markRead({
        phoneNumberId: PHONE,
        messageId: 'wamid.interop-in',
        typingIndicator: { type: 'text' },
      }),
    ).toEqual({
      success: true,
    });
  });

  test('interactive: sendInteractiveButtons, …List, …CtaUrl, …Flow, …LocationRequest, …Product, …ProductList, …CatalogMessage, …Carousel, …CallPermission, …Address, …Raw (voice_call)', async () => {
    const m = client.messages;
    const card = (cardIndex: number) => ({
      cardIndex,
      header: { type: 'image' as const, image: { link: `https://example.com/${cardIndex}.png` } },
      bodyText: `Card ${cardIndex}`,
      action: { displayText: 'Shop', url: `https://example.com/p/${cardIndex}` },
    });
    const answers = [
      await m.sendInteractiveButtons({
        ...to,
        bodyText: 'Ok?',
        buttons: [
          { id: 'y', title: 'Yes' },
          { id: 'n', title: 'No' },
        ],
      }),
      await m.sendInteractiveList({
        ...to,
        bodyText: 'Pick',
        buttonText: 'Menu',
        sections: [{ title: 'A', rows: [{ id: 'r1', title: 'One' }] }],
      }),
      await m.sendInteractiveCtaUrl({
        ...to,
        bodyText: 'See dates',
        parameters: { displayText: 'See Dates', url: 'https://example.com/d' },
      }),
      await m.sendInteractiveFlow({
        ...to,
        bodyText: 'Book',
        parameters: {
          flowId: '1234',
          flowCta: 'Book!',
          flowMessageVersion: '3',
          flowAction: 'navigate',
          flowActionPayload: { screen: 'WELCOME' },
        },
      }),
      await m.sendInteractiveLocationRequest({
        ...to,
        bodyText: 'Where are you?',
        parameters: { requestMessage: 'Share' },
      }),
      await m.sendInteractiveProduct({
        ...to,
        bodyText: 'This one',
        catalogId: 'c1',
        productRetailerId: 'SKU-1',
      }),
      await m.sendInteractiveProductList({
        ...to,
        header: { type: 'text', text: 'Our picks' },
        bodyText: 'Pick one',
        catalogId: 'c1',
        sections: [
          { title: 'Plants', productItems: [{ productRetailerId: 'A' }, { productRetailerId: 'B' }] },
        ],
      }),
      await m.sendInteractiveCatalogMessage({
        ...to,
        bodyText: 'Our catalog',
        parameters: { thumbnailProductRetailerId: 'A' },
      }),
      await m.sendInteractiveCarousel({ ...to, bodyText: 'New arrivals', cards: [card(0), card(1)] }),
      await m.sendInteractiveCallPermission({
        ...to,
        bodyText: 'May we call?',
        parameters: { phoneNumber: USER },
      }),
      await m.sendInteractiveAddress({ ...to, bodyText: 'Your address?', parameters: { country: 'IN' } }),
      await m.sendInteractiveRaw({
        ...to,
        interactive: {
          type: 'voice_call',
          body: { text: 'Call us' },
          action: { name: 'voice_call', parameters: { displayText: 'Call', ttlMinutes: 60 } },
        },
      }),
    ];
    for (const answer of answers) expect(answer.messages[0]?.id).toEqual(wamid);
    const missingUrl = await errorOf(
      m.sendInteractiveRaw({
        ...to,
        interactive: {
          type: 'cta_url',
          body: { text: 'x' },
          action: { name: 'cta_url', parameters: { displayText: 'x' } },
        },
      }),
    );
    expect(missingUrl).toBeInstanceOf(GraphApiError);
    expect(missingUrl).toMatchObject({ code: 100 });
  });

  test('templates: templates.list, templates.create, templates.get, sendTemplate (message_status accepted; 132000 and 132001 as GraphApiError), templates.delete', async () => {
    const list = await client.templates.list({ businessAccountId: WABA, category: 'UTILITY' });
    expect(list.data.map((t) => t.name)).toEqual(['hello_world', 'booking_change_notice', 'order_update']);
    const created = await client.templates.create({
      businessAccountId: WABA,
      name: 'gate_change',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Flight {{1}} now leaves from gate {{2}}.' }],
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      status: 'APPROVED',
      category: 'UTILITY',
    });
    expect(await client.templates.get({ businessAccountId: WABA, templateId: created.id })).toMatchObject({
      name: 'gate_change',
      language: 'en_US',
    });
    const template = (parameters: string[]) => ({
      name: 'gate_change',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }],
    });
    const sent = await client.messages.sendTemplate({ ...to, template: template(['LH 123', 'B44']) });
    expect(sent.messages[0]).toEqual({ id: wamid, messageStatus: 'accepted' });
    expect(
      await errorOf(client.messages.sendTemplate({ ...to, template: template(['LH 123']) })),
    ).toMatchObject({ code: 132000 });
    expect(await client.templates.delete({ businessAccountId: WABA, name: 'gate_change' })).toEqual({
      success: true,
    });
    expect(
      await errorOf(client.messages.sendTemplate({ ...to, template: template(['LH 123', 'B44']) })),
    ).toMatchObject({
      code: 132001,
      httpStatus: 404,
    });
  });

  test('media: media.upload (PNG), media.get, media.download, media.delete; an unsupported MIME type is GraphApiError 131053', async () => {
    const upload = await client.media.upload({
      phoneNumberId: PHONE,
      type: 'image/png',
      file: fileOf('image/png'),
      fileName: 'x.png',
    });
    expect(await client.media.get({ mediaId: upload.id })).toMatchObject({
      id: upload.id,
      mimeType: 'image/png',
      fileSize: '3',
    });
    const bytes = (await client.media.download({ mediaId: upload.id, auth: 'always' })) as ArrayBuffer;
    expect([...new Uint8Array(bytes)]).toEqual([9, 8, 7]);
    // Without the token the download URL answers 404, as Meta's does (research §1.3).
    expect(((await client.media.download({ mediaId: upload.id, as: 'response' })) as Response).status).toBe(
      404,
    );
    expect(await client.media.delete({ mediaId: upload.id })).toEqual({ success: true });
    const gif = await errorOf(
      client.media.upload({
        phoneNumberId: PHONE,
        type: 'image/gif',
        file: fileOf('image/gif'),
        fileName: 'x.gif',
      }),
    );
    expect(gif).toMatchObject({ code: 131053 });
  });

  test('profile: phoneNumbers.businessProfile.get and .update', async () => {
    const profile = await client.phoneNumbers.businessProfile.get({
      phoneNumberId: PHONE,
      fields: 'about,vertical',
    });
    expect(profile.data[0]).toMatchObject({ vertical: 'TRAVEL', messagingProduct: 'whatsapp' });
    expect(
      await client.phoneNumbers.businessProfile.update({
        phoneNumberId: PHONE,
        about: 'Open 24/7',
        websites: ['https://example.org/'],
      }),
    ).toEqual({
      success: true,
    });
    const after = await client.phoneNumbers.businessProfile.get({ phoneNumberId: PHONE });
    expect(after.data[0]).toMatchObject({ about: 'Open 24/7', websites: ['https://example.org/'] });
  });

  test('errors: a text outside the 24-hour window is GraphApiError 131047', async () => {
    await fetch(`${mock.url}/_sim/reset`, { method: 'POST' });
    expect(await errorOf(client.messages.sendText({ ...to, body: 'late' }))).toMatchObject({ code: 131047 });
  });
});
