import type { SendResponse } from '../platform/platform-answer.js';

/**
 * The JSON text of a send's answer, written by a template: the mock's hottest answer, so no
 * generic stringify of an object tree. Only `input` (the caller's `to`, any text) is escaped by
 * JSON.stringify; the wa_id is digits and the wamid ASCII by construction. A test pins the
 * output to JSON.stringify's.
 */
export function sendResponseJson(response: SendResponse): string {
  const [contact] = response.contacts;
  const [message] = response.messages;
  const status = message.message_status === undefined ? '' : `,"message_status":"${message.message_status}"`;
  return `{"messaging_product":"whatsapp","contacts":[{"input":${JSON.stringify(contact.input)},"wa_id":"${contact.wa_id}"}],"messages":[{"id":"${message.id}"${status}}]}`;
}
