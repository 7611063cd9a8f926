import type { FastifyInstance } from 'fastify';
import type { TemplateQuery } from '../platform/business-account.js';
import { type TemplateDefinition, TemplateDefinitionSchema } from '../scenario/template-schema.js';
import { answerNode, unknownObject } from './graph-routes.js';
import {
  graphGate,
  ignoreTypeOfEmptyBody,
  type MockContext,
  sendGraphError,
  sendJson,
} from './mock-context.js';

/**
 * The WABA's message templates (DFB/templates/overview): list with Graph's filters and cursor
 * paging, create (approved at once: decision 0011), delete by name (and language), and one by
 * id. Sends are checked against the same registry (platform/template-rules.ts).
 */
interface TemplatesRoute {
  Params: { version: string; wabaId: string };
  Querystring: TemplateQuery & { hsm_id?: string };
  Body: TemplateDefinition;
}

export function registerTemplateRoutes(app: FastifyInstance, ctx: MockContext): void {
  const { platform } = ctx;
  const { account } = platform;
  const gate = graphGate(ctx);
  const path = '/:version/:wabaId/message_templates';

  app.get<TemplatesRoute>(path, { onRequest: gate }, (req, reply) => {
    if (req.params.wabaId !== account.wabaId) unknownObject(ctx, reply, req.params.wabaId, 'get');
    else answerNode(ctx, reply, 'templates', { ok: true, node: account.templatePage(req.query) });
    return reply;
  });

  app.post<TemplatesRoute>(
    path,
    { onRequest: gate, schema: { body: TemplateDefinitionSchema } },
    (req, reply) => {
      platform.core.count('template_create');
      if (req.params.wabaId !== account.wabaId) {
        unknownObject(ctx, reply, req.params.wabaId, 'post');
        return reply;
      }
      const created = account.createTemplate(req.body);
      if (created !== undefined) sendJson(ctx, reply, 200, created);
      else
        sendGraphError(
          ctx,
          reply,
          platform.refusal(100, {
            subcode: 2388024,
            details: `Content in this language already exists: ${req.body.name} (${req.body.language}).`,
          }),
        );
      return reply;
    },
  );

  app.delete<TemplatesRoute>(path, { onRequest: [ignoreTypeOfEmptyBody, gate] }, (req, reply) => {
    platform.core.count('template_delete');
    const { name } = req.query;
    if (req.params.wabaId !== account.wabaId) unknownObject(ctx, reply, req.params.wabaId, 'post');
    else if (name === undefined)
      sendGraphError(ctx, reply, platform.refusal(100, { details: 'The parameter name is required.' }));
    else if (account.deleteTemplates(name, req.query.language) === 0)
      sendGraphError(ctx, reply, platform.refusal(100, { details: `Message template ${name} not found.` }));
    else sendJson(ctx, reply, 200, { success: true });
    return reply;
  });

  app.get<{ Params: { version: string; wabaId: string; templateId: string } }>(
    `${path}/:templateId`,
    { onRequest: gate },
    (req, reply) => {
      const template = account.templateById(req.params.templateId);
      if (req.params.wabaId !== account.wabaId || template === undefined)
        unknownObject(ctx, reply, req.params.templateId, 'get');
      else answerNode(ctx, reply, 'template', { ok: true, node: template });
      return reply;
    },
  );
}
