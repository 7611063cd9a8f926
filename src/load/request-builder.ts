import { mediaIdOf, requestBodyOf } from '../platform/planned-calls.js';
import type { PlannedOp } from '../traffic/operation.js';
import type { TargetIdentity } from './protocol.js';

/**
 * A planned operation as the HTTP request the real parties would make: the user's side goes to
 * the mock's /_sim/ surface, the business's side is the Cloud API (Graph) call, in the request
 * shapes of shared/research/whatsapp-api.md §1. The call itself (ids, body) is the platform's
 * planned-calls mapping, which the sim uses too; this only adds method and path.
 */
export interface BuiltRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body: string | undefined;
  /** A second request made after the first succeeds (media: metadata, then download). */
  readonly followUrlFromJson?: 'url';
}

export function buildRequest(op: PlannedOp, target: TargetIdentity): BuiltRequest {
  if (op.kind === 'media') {
    return {
      method: 'GET',
      path: `/${target.graphVersion}/${mediaIdOf(op.conversationId, op.refSeq ?? 0)}`,
      body: undefined,
      followUrlFromJson: 'url',
    };
  }
  const path =
    op.kind === 'inbound' ? '/_sim/messages' : `/${target.graphVersion}/${target.phoneNumberId}/messages`;
  return { method: 'POST', path, body: requestBodyOf(op, target.phoneNumberId) };
}
