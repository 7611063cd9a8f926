import type { Pricing } from './pricing.js';

/**
 * Webhook bodies in Meta's envelope (research §5.3–5.4): `object`, `entry[].changes[].value`
 * with `messaging_product` and `metadata`; timestamps are Unix seconds as strings.
 */
export interface NumberMetadata {
  readonly display_phone_number: string;
  readonly phone_number_id: string;
}

/** A user's message in the `messages` webhook (research §5.3; DFB/webhooks/reference/messages). */
export interface InboundMessage {
  readonly from: string;
  readonly id: string;
  readonly timestamp: string;
  readonly type: string;
  /** The business message a reply answers: `from` is the business's display number. */
  readonly context?: { readonly from: string; readonly id: string };
  readonly text?: { readonly body: string };
  readonly image?: InboundMedia;
  readonly audio?: InboundMedia;
  readonly document?: InboundMedia;
  readonly video?: InboundMedia;
  readonly sticker?: InboundMedia;
  readonly interactive?: InboundInteractive;
  readonly button?: { readonly payload: string; readonly text: string };
  readonly location?: {
    readonly latitude: number;
    readonly longitude: number;
    readonly name?: string;
    readonly address?: string;
    readonly url?: string;
  };
  readonly contacts?: readonly InboundContact[];
  readonly reaction?: { readonly message_id: string; readonly emoji: string };
}

export interface InboundMedia {
  readonly id: string;
  readonly mime_type: string;
  readonly sha256: string;
  readonly voice?: boolean;
  readonly caption?: string;
  readonly filename?: string;
  readonly animated?: boolean;
}

export interface ReplyPick {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export interface InboundInteractive {
  readonly type: 'button_reply' | 'list_reply' | 'nfm_reply';
  readonly button_reply?: ReplyPick;
  readonly list_reply?: ReplyPick;
  readonly nfm_reply?: { readonly response_json: string; readonly body?: string; readonly name?: string };
}

export interface InboundContact {
  readonly name: {
    readonly formatted_name: string;
    readonly first_name?: string;
    readonly last_name?: string;
  };
  readonly phones?: readonly { readonly phone: string; readonly wa_id?: string; readonly type?: string }[];
  readonly emails?: readonly { readonly email: string; readonly type?: string }[];
}

export type MessageStatusName = 'sent' | 'delivered' | 'read' | 'failed';

/** The error object of a `failed` status (Meta's shape: code, title, message, error_data.details). */
export interface StatusError {
  readonly code: number;
  readonly title: string;
  readonly message: string;
  readonly error_data: { readonly details: string };
}

export interface MessageStatus {
  readonly id: string;
  readonly status: MessageStatusName;
  readonly timestamp: string;
  readonly recipient_id: string;
  readonly pricing?: Pricing;
  readonly biz_opaque_callback_data?: string;
  readonly errors?: readonly StatusError[];
}

export interface MessagesValue {
  readonly messaging_product: 'whatsapp';
  readonly metadata: NumberMetadata;
  readonly contacts?: readonly { readonly profile: { readonly name: string }; readonly wa_id: string }[];
  readonly messages?: readonly InboundMessage[];
  readonly statuses?: readonly MessageStatus[];
}

export interface WebhookChange {
  readonly field: 'messages';
  readonly value: MessagesValue;
}

export interface WebhookEnvelope {
  readonly object: 'whatsapp_business_account';
  readonly entry: readonly { readonly id: string; readonly changes: readonly WebhookChange[] }[];
}

export function inboundMessageChange(
  metadata: NumberMetadata,
  profileName: string,
  message: InboundMessage,
): WebhookChange {
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata,
      contacts: [{ profile: { name: profileName }, wa_id: message.from }],
      messages: [message],
    },
  };
}

export function statusChange(metadata: NumberMetadata, status: MessageStatus): WebhookChange {
  return { field: 'messages', value: { messaging_product: 'whatsapp', metadata, statuses: [status] } };
}

/** One POST body: all changes of a batch under the WABA's entry. */
export function webhookEnvelope(wabaId: string, changes: readonly WebhookChange[]): WebhookEnvelope {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, changes }] };
}
