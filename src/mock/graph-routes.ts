import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GraphResult } from '../platform/business-account.js';
import {
  type BusinessProfileUpdate,
  BusinessProfileUpdateSchema,
} from '../scenario/business-profile-schema.js';
import { answerMediaMetadata } from './media-routes.js';
import { graphGate, type MockContext, sendGraphError, sendJson } from './mock-context.js';

/**
 * The Graph nodes clients call besides messages and media, in Meta's shapes: `GET /{id}` for a
 * phone number, the WABA, a template or (else) a media id; `GET /{waba-id}/phone_numbers`;
 * `GET/POST /{phone-number-id}/whatsapp_business_profile`. Management calls are answered at
 * once, outside the modelled capacity (estimate: they are not on the messaging path).
 */
interface NodeRoute {
  Params: { version: string; id: string };
  Querystring: { fields?: string; phone_number_id?: string };
}
interface ProfileRoute {
  Params: { version: string; phoneNumberId: string };
  Querystring: { fields?: string };
  Body: BusinessProfileUpdate;
}

export function registerGraphRoutes(app: FastifyInstance, ctx: MockContext): void {
  const { platform } = ctx;
  const { account } = platform;
  const gate = graphGate(ctx);

  app.get<NodeRoute>('/:version/:id', { onRequest: gate }, (req, reply) => {
    const { id } = req.params;
    const { fields } = req.query;
    if (platform.knowsNumber(id)) answerNode(ctx, reply, 'phone_number', account.phoneNumberNode(id, fields));
    else if (id === account.wabaId) answerNode(ctx, reply, 'waba', account.wabaNode(fields));
    else {
      const template = account.templateById(id);
      if (template !== undefined) answerNode(ctx, reply, 'template', { ok: true, node: template });
      else answerMediaMetadata(ctx, req, reply, id, req.query.phone_number_id);
    }
    return reply;
  });

  app.get<NodeRoute>('/:version/:id/phone_numbers', { onRequest: gate }, (req, reply) => {
    if (req.params.id !== account.wabaId) unknownObject(ctx, reply, req.params.id, 'get');
    else answerNode(ctx, reply, 'phone_numbers', account.phoneNumbers(req.query.fields));
    return reply;
  });

  app.get<ProfileRoute>(
    '/:version/:phoneNumberId/whatsapp_business_profile',
    { onRequest: gate },
    (req, reply) => {
      const { phoneNumberId } = req.params;
      if (!platform.knowsNumber(phoneNumberId)) unknownObject(ctx, reply, phoneNumberId, 'get');
      else
        answerNode(ctx, reply, 'business_profile', account.businessProfile(phoneNumberId, req.query.fields));
      return reply;
    },
  );

  app.post<ProfileRoute>(
    '/:version/:phoneNumberId/whatsapp_business_profile',
    { onRequest: gate, schema: { body: BusinessProfileUpdateSchema } },
    (req, reply) => {
      const { phoneNumberId } = req.params;
      platform.core.count('business_profile');
      if (!platform.knowsNumber(phoneNumberId)) unknownObject(ctx, reply, phoneNumberId, 'post');
      else {
        account.updateBusinessProfile(phoneNumberId, req.body);
        sendJson(ctx, reply, 200, { success: true });
      }
      return reply;
    },
  );
}

/** A node (or the (#100) of an unknown field), counted as a request of `kind`. */
export function answerNode(ctx: MockContext, reply: FastifyReply, kind: string, result: GraphResult): void {
  ctx.platform.core.count(kind);
  if (result.ok) sendJson(ctx, reply, 200, result.node);
  else sendGraphError(ctx, reply, ctx.platform.refusal(100, { details: result.details }));
}

/** Graph's answer for an id that names nothing this platform holds. */
export function unknownObject(
  ctx: MockContext,
  reply: FastifyReply,
  id: string,
  method: 'get' | 'post',
): void {
  sendGraphError(
    ctx,
    reply,
    ctx.platform.refusal(100, {
      subcode: 33,
      title: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
      details: `Unknown object id ${id}.`,
    }),
  );
}
