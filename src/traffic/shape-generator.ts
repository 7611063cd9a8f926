import type { ResolvedMixEntry } from '../scenario/traffic-schema.js';
import type { ShapeGenerator } from './conversation-builder.js';
import { createCustomerServiceShape } from './customer-service.js';
import { createGeneralChatbotShape } from './general-chatbot.js';

/** The conversation generator of one mix entry's shape. */
export function createShapeGenerator(entry: ResolvedMixEntry): ShapeGenerator {
  return entry.shape === 'customer-service' ? createCustomerServiceShape(entry.params) : createGeneralChatbotShape(entry.params);
}
