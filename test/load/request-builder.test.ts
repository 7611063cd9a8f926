import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/load/request-builder.js';
import {
  mediaIdOf,
  RequestSizes,
  textOf,
  userMessageIdOf,
  waIdOf,
} from '../../src/platform/planned-calls.js';
import { validateSendBody } from '../../src/platform/request-rules.js';
import { SimInboundBodySchema } from '../../src/platform/sim-inbound-schema.js';
import type { PlannedOp } from '../../src/traffic/operation.js';

const target = {
  baseUrl: 'http://127.0.0.1:1',
  graphVersion: 'v23.0',
  phoneNumberId: '106540352242922',
  accessToken: 't',
};
const base = { atUs: 0, shape: 'general-chatbot', userId: 4242, conversationId: 777, seq: 3 } as const;
const op = (extra: Partial<PlannedOp> & Pick<PlannedOp, 'kind'>): PlannedOp => ({
  ...base,
  chars: 0,
  ...extra,
});
const simInbound = TypeCompiler.Compile(SimInboundBodySchema);

describe('request builder', () => {
  it('writes the user message exactly as JSON.stringify would, in the shape the mock accepts', () => {
    const text = buildRequest(op({ kind: 'inbound', chars: 61 }), target);
    const expected = {
      phone_number_id: target.phoneNumberId,
      from: waIdOf(4242),
      id: userMessageIdOf(777, 3),
      type: 'text',
      text: { body: textOf(61) },
    };
    expect(text).toMatchObject({ method: 'POST', path: '/_sim/messages' });
    expect(text.body).toBe(JSON.stringify(expected));
    expect(simInbound.Check(JSON.parse(text.body!))).toBe(true);

    const voice = buildRequest(op({ kind: 'inbound', mediaKind: 'voice', mediaBytes: 60_000 }), target);
    const media = { id: mediaIdOf(777, 3), mime_type: 'audio/ogg', file_size: 60_000 };
    expect(voice.body).toBe(
      JSON.stringify({
        phone_number_id: target.phoneNumberId,
        from: waIdOf(4242),
        id: userMessageIdOf(777, 3),
        type: 'audio',
        media,
      }),
    );
    expect(simInbound.Check(JSON.parse(voice.body!))).toBe(true);
  });

  it.each([
    ['send', { kind: 'send', chars: 4096 }],
    ['read', { kind: 'read', refSeq: 1 }],
    ['typing', { kind: 'typing', refSeq: 1 }],
    ['template', { kind: 'template', chars: 30 }],
    ['interactive', { kind: 'interactive', chars: 200 }],
  ] as const)('a %s request is valid JSON that passes the Cloud API rules', (_name, extra) => {
    const request = buildRequest(op(extra), target);
    expect(request.path).toBe('/v23.0/106540352242922/messages');
    const body = JSON.parse(request.body!);
    expect(validateSendBody(body)).toMatchObject({ ok: true });
    if (extra.kind === 'send') expect(body.text.body).toHaveLength(4096);
    if (extra.kind === 'typing')
      expect(body).toEqual({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: userMessageIdOf(777, 1),
        typing_indicator: { type: 'text' },
      });
  });

  it('fetches media in two steps: metadata, then the URL it names', () => {
    expect(buildRequest(op({ kind: 'media', refSeq: 2 }), target)).toEqual({
      method: 'GET',
      path: `/v23.0/${mediaIdOf(777, 2)}`,
      body: undefined,
      followUrlFromJson: 'url',
    });
  });

  it("the sim knows every body's length without building it (one template set for both engines)", () => {
    const sizes = new RequestSizes(target.phoneNumberId);
    const kinds = ['inbound', 'send', 'read', 'typing', 'template', 'interactive', 'media'] as const;
    let checked = 0;
    for (const conversationId of [0, 7, 64, 12_345, 987_654_321]) {
      for (const seq of [0, 3, 11, 250]) {
        for (const chars of [0, 1, 60, 1024, 4096, 9000]) {
          for (const kind of kinds) {
            const extra = { conversationId, seq, refSeq: seq, userId: conversationId * 13, chars };
            const plain = op({ kind, ...extra });
            expect(sizes.bytesOf(plain), `${kind} ${JSON.stringify(extra)}`).toBe(
              buildRequest(plain, target).body?.length ?? 0,
            );
            if (kind === 'inbound') {
              for (const mediaKind of ['image', 'voice', 'document'] as const) {
                const media = op({ kind, ...extra, mediaKind, mediaBytes: chars * 97 });
                expect(sizes.bytesOf(media)).toBe(buildRequest(media, target).body?.length);
              }
            }
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBe(5 * 4 * 6 * kinds.length);
  });
});
