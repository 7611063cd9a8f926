/**
 * Per-message pricing (PMP, since 1 July 2025; research §6): only templates are charged;
 * non-template messages (possible only inside a service window) and utility templates sent
 * inside an open window are free as `free_customer_service`.
 */
export const PRICING_CATEGORIES = ['service', 'utility', 'marketing', 'authentication'] as const;
export type PricingCategory = (typeof PRICING_CATEGORIES)[number];
export type TemplateCategory = Exclude<PricingCategory, 'service'>;

export interface Pricing {
  readonly billable: boolean;
  readonly pricing_model: 'PMP';
  readonly type: 'regular' | 'free_customer_service';
  readonly category: PricingCategory;
}

const SERVICE_FREE: Pricing = Object.freeze({
  billable: false,
  pricing_model: 'PMP',
  type: 'free_customer_service',
  category: 'service',
});
const UTILITY_FREE: Pricing = Object.freeze({
  billable: false,
  pricing_model: 'PMP',
  type: 'free_customer_service',
  category: 'utility',
});
const CHARGED: Readonly<Record<TemplateCategory, Pricing>> = {
  utility: Object.freeze({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' }),
  marketing: Object.freeze({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' }),
  authentication: Object.freeze({
    billable: true,
    pricing_model: 'PMP',
    type: 'regular',
    category: 'authentication',
  }),
};

/** The pricing of one accepted message (frozen constants: nothing is allocated per message). */
export function priceMessage(
  isTemplate: boolean,
  templateCategory: TemplateCategory,
  windowOpen: boolean,
): Pricing {
  if (!isTemplate) return SERVICE_FREE;
  return templateCategory === 'utility' && windowOpen ? UTILITY_FREE : CHARGED[templateCategory];
}

export type PricingCounts = Record<PricingCategory, { billable: number; free: number }>;

export function emptyPricingCounts(): PricingCounts {
  return {
    service: { billable: 0, free: 0 },
    utility: { billable: 0, free: 0 },
    marketing: { billable: 0, free: 0 },
    authentication: { billable: 0, free: 0 },
  };
}

export function countPricing(counts: PricingCounts, pricing: Pricing): void {
  const entry = counts[pricing.category];
  if (pricing.billable) entry.billable += 1;
  else entry.free += 1;
}
