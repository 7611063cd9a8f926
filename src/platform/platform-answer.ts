import type { PlatformError } from './error-catalogue.js';

/** What PlatformModel answers a call with: a body to send (and the call's time in the platform), or a refusal. */
/** The answer to an accepted message send (research §2). */
export interface SendResponse {
  readonly messaging_product: 'whatsapp';
  readonly contacts: readonly [{ readonly input: string; readonly wa_id: string }];
  readonly messages: readonly [{ readonly id: string; readonly message_status?: 'accepted' }];
}

export type PlatformAnswer =
  | {
      readonly ok: true;
      readonly opKind: string;
      readonly body: object;
      /** Set for an accepted message send, so the HTTP face can write it without a generic stringify. */
      readonly sent?: SendResponse;
      readonly queuedUs: number;
      readonly serviceUs: number;
    }
  | { readonly ok: false; readonly opKind: string; readonly error: PlatformError };
export type AnswerCallback = (answer: PlatformAnswer) => void;
