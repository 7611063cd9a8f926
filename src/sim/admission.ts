import { mediaKeyOf, messageKeyOf, userKeyOf } from '../platform/planned-calls.js';
import { ACCEPTED, type PlatformCore } from '../platform/platform-core.js';
import type { PlannedOp } from '../traffic/operation.js';
import type { InFlightTable } from './in-flight-table.js';

type TemplateCategory = ReturnType<PlatformCore['templateCategory']>;

/** The platform's rules for a call arriving now: 0 to go on to capacity, else the refusal's code (counted). */
export function admissionCode(
  core: PlatformCore,
  ops: InFlightTable,
  h: number,
  op: PlannedOp,
  nowUs: number,
  templateCategory: TemplateCategory,
): number {
  const injected = core.injectedError(nowUs);
  if (injected !== ACCEPTED) return injected;
  core.count(op.kind);
  switch (op.kind) {
    case 'inbound':
      ops.quotaWaitUs[h] = core.inboundArrives(0, nowUs);
      return ACCEPTED;
    case 'send':
    case 'interactive':
    case 'template': {
      const isTemplate = op.kind === 'template';
      const code = core.admitMessage(0, userKeyOf(op.userId), isTemplate, nowUs);
      if (code === ACCEPTED)
        ops.pricing[h] = core.price(isTemplate, isTemplate ? templateCategory : 'utility');
      return code;
    }
    case 'read':
    case 'typing':
      return core.admitRead(0, messageKeyOf(op.conversationId, op.refSeq ?? 0));
    case 'media': {
      const record = core.media.get(mediaKeyOf(op.conversationId, op.refSeq ?? 0));
      if (record === undefined) return core.refuse(100);
      ops.fileBytes[h] = record.fileSize;
      return core.admitWork();
    }
  }
}
